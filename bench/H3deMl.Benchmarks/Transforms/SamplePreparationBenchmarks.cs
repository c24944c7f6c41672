using BenchmarkDotNet.Attributes;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Phantoms;
using H3deMl.Core.Volumes;
using Microsoft.ML;

namespace H3deMl.Benchmarks.Transforms;

/// <summary>Preparing one 128×128×64 training sample the way training does (issue 4, "Speed"): read a phantom from
/// <c>.nii.gz</c>, normalise, landmark-aware random zoom-and-crop, encode targets — through the real pipeline
/// (one row read through an ML.NET cursor), each call a new pass so the crop differs.</summary>
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
    private IDataView _anchors = null!;
    private IDataView _heatmap = null!;
    private IDataView _loadOnly = null!;
    private int _pass;

    /// <summary>Writes the phantom and builds the three pipelines (every step acting, as while fitting).</summary>
    [GlobalSetup]
    public void Setup()
    {
        string folder = Path.Combine(Path.GetTempPath(), "h3deml-bench-sample");
        Directory.CreateDirectory(folder);
        var ml = new MLContext(1);
        var options = new PhantomOptions { SizeI = 160, SizeJ = 160, SizeK = 96, SpacingMm = 0.95, CutFieldOfViewProbability = 0, MissingToothProbability = 0 };
        (Volume volume, LandmarkSet landmarks) = PhantomGenerator.Generate(options, new H3deMl.Tensors.Randomness.RandomStream(1));
        volume.Write(Path.Combine(folder, "phantom.nii.gz"));
        landmarks.Write(Path.Combine(folder, "phantom.mrk.json"));
        Console.WriteLine($"// sample written to {folder}");

        IDataView data = ml.Data.LoadScans(folder);
        _loadOnly = ml.Transforms.LoadVolume().Fit(data).Transform(data);
        _anchors = ml.Transforms.LoadVolume()
            .Append(ml.Transforms.NormalizeIntensity(-1000, 2000))
            .Append(ml.Transforms.RandomCrop(128, 128, 64))
            .Append(ml.Transforms.EncodeAnchorTargets())
            .Fit(data).Transform(data);
        _heatmap = ml.Transforms.LoadVolume()
            .Append(ml.Transforms.NormalizeIntensity(-1000, 2000))
            .Append(ml.Transforms.RandomCrop(128, 128, 64))
            .Append(ml.Transforms.EncodeHeatmapTargets())
            .Fit(data).Transform(data);
    }

    /// <summary>Only reading the <c>.nii.gz</c> (the floor).</summary>
    [Benchmark(Baseline = true)]
    public object LoadOnly() => Read<Volume>(_loadOnly, ScanColumnNames.Volume);

    /// <summary>Load, normalise, zoom-and-crop, anchor targets (stride 4, 4 radii, 13 landmarks).</summary>
    [Benchmark]
    public object PrepareAnchorSample() => Read<H3deMl.Transforms.Targets.AnchorTargets>(_anchors, ScanColumnNames.AnchorTargets);

    /// <summary>Load, normalise, zoom-and-crop, dense heatmap targets (13 × 128×128×64, R = 20).</summary>
    [Benchmark]
    public object PrepareHeatmapSample() => Read<H3deMl.Tensors.Tensor>(_heatmap, ScanColumnNames.HeatmapTargets);

    private T Read<T>(IDataView view, string column)
        where T : class
    {
        DataViewSchema.Column c = view.Schema[column];
        using DataViewRowCursor cursor = view.GetRowCursor([c], new Random(_pass++));
        cursor.MoveNext();
        T value = null!;
        cursor.GetGetter<T>(c)(ref value);
        return value;
    }
}
