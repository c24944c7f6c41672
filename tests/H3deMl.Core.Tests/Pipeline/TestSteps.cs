using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.Tests.Pipeline;

/// <summary>A minimal step for pipeline tests: multiplies voxels by a factor, counts its calls, and can write an extra entry.</summary>
internal sealed class ScaleStep(double factor, string? extraEntry = null) : IScanTransformer
{
    public const string TypeName = "H3deMl.Tests.Scale";
    private int _calls;

    static ScaleStep() => ScanStepLoaders.Register(TypeName, Load);

    public double Factor { get; } = factor;

    public string? ExtraEntry { get; } = extraEntry;

    public int Calls => _calls;

    public string StepTypeName => TypeName;

    public int StepVersion => 1;

    public static void EnsureRegistered() => ScanStepLoaders.Register(TypeName, Load);

    public ScanRow TransformRow(ScanRow row, ScanRowContext context)
    {
        Interlocked.Increment(ref _calls);
        Volume v = row.RequireVolume("Scale");
        return row with { Volume = new Volume([.. v.Voxels.Select(x => (float)(x * Factor))], v.Geometry, v.OriginalElementType) };
    }

    public ScanDataView Transform(ScanDataView input) => input.AppendStep(this);

    public void Save(ScanStepSaveContext context)
    {
        context.WriteOptions(new ScaleOptions(Factor, ExtraEntry));
        if (ExtraEntry is not null)
        {
            using Stream s = context.CreateEntry(ExtraEntry);
            s.Write([1, 2, 3, 4]);
        }
    }

    private static IScanTransformer Load(ScanStepLoadContext context)
    {
        if (context.Version != 1)
        {
            context.ThrowUnsupportedVersion("1");
        }

        ScaleOptions o = context.ReadOptions<ScaleOptions>();
        if (o.Entry is not null)
        {
            using Stream s = context.OpenEntry(o.Entry);
            Assert.Equal(4, s.Length);
        }

        return new ScaleStep(o.Factor, o.Entry);
    }

    internal sealed record ScaleOptions(double Factor, string? Entry);
}

/// <summary>An estimator returning a given transformer.</summary>
internal sealed class FixedEstimator<T>(T transformer) : IScanEstimator<T>
    where T : class, IScanTransformer
{
    public ScanDataView? LastInput { get; private set; }

    public T Fit(ScanDataView input, CancellationToken cancellationToken = default)
    {
        LastInput = input;
        return transformer;
    }
}

/// <summary>A step that sets a prediction (the contract a trainer's transformer fulfils).</summary>
internal sealed class PredictStep : IScanTransformer
{
    public string StepTypeName => "H3deMl.Tests.Predict";

    public int StepVersion => 1;

    public ScanRow TransformRow(ScanRow row, ScanRowContext context)
    {
        Volume v = row.RequireVolume("Predict");
        var set = CoordinateMapping.CurrentIndicesToLandmarks(row, ["A"], [new Core.Geometry.Vector3d(1, 2, 3)]);
        return row with { Prediction = new LandmarkPrediction(set, [0.9]) };
    }

    public ScanDataView Transform(ScanDataView input) => input.AppendStep(this);

    public void Save(ScanStepSaveContext context) => context.WriteOptions(new { });
}
