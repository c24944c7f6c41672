using BenchmarkDotNet.Attributes;
using H3deMl.Core.Data;
using H3deMl.Core.Phantoms;
using H3deMl.Core.Pipeline;
using H3deMl.Transforms;

namespace H3deMl.Benchmarks.Transforms;

/// <summary>Preparing one 128×128×64 training sample the way training does (issue 4, "Speed"): read a phantom from
/// <c>.nii.gz</c>, normalise, landmark-aware random zoom-and-crop, encode targets — through the real pipeline
/// (<c>ScanDataView.GetRow</c>), each call a new epoch so the crop differs.</summary>
/// <remarks>The setup writes one 160×160×96 phantom (about 0.95 mm, 13 landmarks) as <c>.nii.gz</c> + <c>.mrk.json</c> into
/// <c>$TMP/h3deml-bench-sample</c>. Compare with one training step of the network (a forward pass of one 128×128×64
/// crop alone took about 16 s on two cores with PyTorch, H3DE-NET.md §1.3).
/// <para>Measured on the 2-core build machine while other builds ran (load average ≈ 10), in-process toolchain:
/// LoadOnly 77 ms (9.5 MB allocated), PrepareAnchorSample 141 ms (26 MB), PrepareHeatmapSample 224 ms (75 MB, most of
/// it the dense 13×128×128×64 target). Run: <c>dotnet run -c Release --project bench/H3deMl.Benchmarks -- --filter
/// '*SamplePreparation*' --inProcess</c>.</para></remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class SamplePreparationBenchmarks
{
    private ScanDataView _anchors = null!;
    private ScanDataView _heatmap = null!;
    private ScanDataView _loadOnly = null!;
    private int _epoch;

    /// <summary>Writes the phantom and builds the three pipelines.</summary>
    [GlobalSetup]
    public void Setup()
    {
        string folder = Path.Combine(Path.GetTempPath(), "h3deml-bench-sample");
        Directory.CreateDirectory(folder);
        var ml = new H3deContext(1);
        var options = new PhantomOptions { SizeI = 160, SizeJ = 160, SizeK = 96, SpacingMm = 0.95, CutFieldOfViewProbability = 0, MissingToothProbability = 0 };
        ScanRow phantom = ScanLoader.Load(ml.Data.GeneratePhantoms(1, options).SourceRows[0]);
        phantom.Volume!.Write(Path.Combine(folder, "phantom.nii.gz"));
        phantom.Landmarks!.Write(Path.Combine(folder, "phantom.mrk.json"));
        Console.WriteLine($"// sample written to {folder}");

        ScanDataView data = ml.Data.LoadFromDirectory(folder);
        _loadOnly = ml.Transforms.LoadVolume().Fit(data).Transform(data);
        _anchors = ml.Transforms.LoadVolume()
            .Append(ml.Transforms.NormalizeIntensity(-1000, 2000))
            .Append(ml.Transforms.RandomCrop(128, 128, 64), StepScope.Training)
            .Append(ml.Transforms.EncodeAnchorTargets(), StepScope.Training)
            .Fit(data).Transform(data, StepScope.Training);
        _heatmap = ml.Transforms.LoadVolume()
            .Append(ml.Transforms.NormalizeIntensity(-1000, 2000))
            .Append(ml.Transforms.RandomCrop(128, 128, 64), StepScope.Training)
            .Append(ml.Transforms.EncodeHeatmapTargets(), StepScope.Training)
            .Fit(data).Transform(data, StepScope.Training);
    }

    /// <summary>Only reading the <c>.nii.gz</c> and its landmarks (the floor).</summary>
    [Benchmark(Baseline = true)]
    public ScanRow LoadOnly() => _loadOnly.GetRow(0, _epoch++);

    /// <summary>Load, normalise, zoom-and-crop, anchor targets (stride 4, 4 radii, 13 landmarks).</summary>
    [Benchmark]
    public ScanRow PrepareAnchorSample() => _anchors.GetRow(0, _epoch++);

    /// <summary>Load, normalise, zoom-and-crop, dense heatmap targets (13 × 128×128×64, R = 20).</summary>
    [Benchmark]
    public ScanRow PrepareHeatmapSample() => _heatmap.GetRow(0, _epoch++);
}
