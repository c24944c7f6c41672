using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Targets;

/// <summary>Encodes each row’s landmarks as anchor-head targets on its current grid (see <see cref="AnchorTargets"/>), stored as feature <see cref="TargetFeatureKeys.Anchors"/>.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input</term><description>A row with a volume (usually a crop) and landmarks</description></item>
/// <item><term>Output</term><description>The row with an <see cref="AnchorTargets"/> feature</description></item>
/// <item><term>Runs at inference</term><description>No: append it with <c>StepScope.Training</c> (or Training | Evaluation for validation losses)</description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.EncodeAnchorTargets(…)</c>.</para>
/// </remarks>
public sealed class AnchorTargetTransformer : IScanTransformer
{
    /// <summary>The step type name in model files.</summary>
    internal const string TypeName = "H3deMl.Transforms.AnchorTarget";

    internal AnchorTargetTransformer(AnchorTargetOptions options)
    {
        Options = options;
    }

    /// <summary>The options.</summary>
    public AnchorTargetOptions Options { get; }

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
        Core.Volumes.Volume volume = row.RequireVolume("EncodeAnchorTargets");
        (Core.Geometry.Vector3d[] indices, bool[] present) = LandmarkIndices.All(row, volume.Geometry);
        return row.WithFeature(TargetFeatureKeys.Anchors, AnchorTargetEncoding.Encode(volume.Size, indices, present, Options));
    }

    /// <inheritdoc/>
    public void Save(ScanStepSaveContext context) => StepPersistence.Save(context, Options);

    internal static AnchorTargetTransformer Load(ScanStepLoadContext context)
    {
        PersistedStep<AnchorTargetOptions> saved = StepPersistence.Load<AnchorTargetOptions>(context);
        saved.Options.Validate();
        return new AnchorTargetTransformer(saved.Options);
    }
}
