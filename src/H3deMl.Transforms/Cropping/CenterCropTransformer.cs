using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Cropping;

/// <summary>The deterministic zoom-and-crop for validation, testing and single-crop inference (H3DE-NET.md §5.4; see <see cref="ZoomCrop"/>).</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input</term><description>A row with a scalar volume (landmarks, when present, position the crop; without them the whole volume is centred and shrunk to fit)</description></item>
/// <item><term>Output</term><description>The crop with exact geometry</description></item>
/// <item><term>Runs at inference</term><description>Yes (without landmarks: the whole volume, shrunk to fit the crop)</description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.CenterCrop(…)</c>.</para>
/// </remarks>
public sealed class CenterCropTransformer : IScanTransformer
{
    /// <summary>The step type name in model files.</summary>
    internal const string TypeName = "H3deMl.Transforms.CenterCrop";

    internal CenterCropTransformer(CenterCropOptions options)
    {
        Options = options;
    }

    /// <summary>The options.</summary>
    public CenterCropOptions Options { get; }

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
        Core.Volumes.Volume volume = row.RequireVolume("CenterCrop");
        ZoomCropPlan plan = ZoomCrop.PlanCenter(volume.Geometry, LandmarkIndices.Present(row.Landmarks, volume.Geometry), Options);
        float padding = Padding.Resolve(volume, Options.Padding, Options.PaddingValue);
        return row.WithVolume(ZoomCrop.Apply(volume, plan, padding, context.CancellationToken), "CenterCrop");
    }

    /// <inheritdoc/>
    public void Save(ScanStepSaveContext context) => StepPersistence.Save(context, Options);

    internal static CenterCropTransformer Load(ScanStepLoadContext context)
    {
        PersistedStep<CenterCropOptions> saved = StepPersistence.Load<CenterCropOptions>(context);
        saved.Options.Validate();
        return new CenterCropTransformer(saved.Options);
    }
}
