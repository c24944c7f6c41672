using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Spatial;

/// <summary>Resamples each volume (trilinear) to a spacing or size, keeping its physical extent and world coordinates.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input</term><description>A row with a scalar volume</description></item>
/// <item><term>Output</term><description>The row on the new grid (history records the change); landmarks unchanged in world coordinates</description></item>
/// <item><term>Runs at inference</term><description>Yes</description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.Resample(…)</c>.</para>
/// </remarks>
public sealed class ResamplingTransformer : IScanTransformer
{
    /// <summary>The step type name in model files.</summary>
    internal const string TypeName = "H3deMl.Transforms.Resampling";

    internal ResamplingTransformer(ResamplingOptions options)
    {
        Options = options;
    }

    /// <summary>The options.</summary>
    public ResamplingOptions Options { get; }

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
        Core.Volumes.Volume volume = row.RequireVolume("Resample");
        Core.Geometry.VolumeGeometry target = Options.UsesSpacing
            ? volume.Geometry.WithSpacing(new Core.Geometry.Vector3d(Options.SpacingMmI!.Value, Options.SpacingMmJ!.Value, Options.SpacingMmK!.Value))
            : volume.Geometry.Resample(new Core.Geometry.VolumeSize(Options.SizeI!.Value, Options.SizeJ!.Value, Options.SizeK!.Value));
        float padding = Padding.Resolve(volume, Options.Padding, Options.PaddingValue);
        return row.WithVolume(VolumeResampling.ResampleOnto(volume, target, padding, context.CancellationToken), "Resample");
    }

    /// <inheritdoc/>
    public void Save(ScanStepSaveContext context) => StepPersistence.Save(context, Options);

    internal static ResamplingTransformer Load(ScanStepLoadContext context)
    {
        PersistedStep<ResamplingOptions> saved = StepPersistence.Load<ResamplingOptions>(context);
        saved.Options.Validate();
        return new ResamplingTransformer(saved.Options);
    }
}
