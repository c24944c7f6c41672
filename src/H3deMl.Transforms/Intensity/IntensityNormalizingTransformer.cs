using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Intensity;

/// <summary>Normalises voxel intensities: window and scale, z-score, or percentile clipping; geometry and landmarks unchanged.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No (statistics are per scan)</description></item>
/// <item><term>Input</term><description>A row with a volume</description></item>
/// <item><term>Output</term><description>The row with normalised voxels</description></item>
/// <item><term>Runs at inference</term><description>Yes</description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.NormalizeIntensity(…)</c>.</para>
/// </remarks>
public sealed class IntensityNormalizingTransformer : IScanTransformer
{
    /// <summary>The step type name in model files.</summary>
    internal const string TypeName = "H3deMl.Transforms.IntensityNormalizing";

    internal IntensityNormalizingTransformer(IntensityNormalizingOptions options)
    {
        Options = options;
    }

    /// <summary>The options.</summary>
    public IntensityNormalizingOptions Options { get; }

    /// <inheritdoc/>
    public string StepTypeName => TypeName;

    /// <inheritdoc/>
    public int StepVersion => StepPersistence.Version;

    /// <inheritdoc/>
    public ScanDataView Transform(ScanDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.AppendStep(this);
    }

    /// <inheritdoc/>
    public ScanRow TransformRow(ScanRow row, ScanRowContext context)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(context);
        Core.Volumes.Volume volume = row.RequireVolume("NormalizeIntensity");
        return row with { Volume = IntensityNormalization.Normalize(volume, Options) };
    }

    /// <inheritdoc/>
    public void Save(ScanStepSaveContext context) => StepPersistence.Save(context, Options);

    internal static IntensityNormalizingTransformer Load(ScanStepLoadContext context)
    {
        PersistedStep<IntensityNormalizingOptions> saved = StepPersistence.Load<IntensityNormalizingOptions>(context);
        saved.Options.Validate();
        return new IntensityNormalizingTransformer(saved.Options);
    }
}
