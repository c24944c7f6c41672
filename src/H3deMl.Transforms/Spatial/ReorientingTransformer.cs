using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Spatial;

/// <summary>Permutes and mirrors voxel axes to a canonical orientation (no interpolation), keeping world coordinates.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input</term><description>A row with a scalar volume</description></item>
/// <item><term>Output</term><description>The row in the canonical orientation; landmarks unchanged in world coordinates</description></item>
/// <item><term>Runs at inference</term><description>Yes</description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.Reorient(…)</c>.</para>
/// </remarks>
public sealed class ReorientingTransformer : IScanTransformer
{
    /// <summary>The step type name in model files.</summary>
    internal const string TypeName = "H3deMl.Transforms.Reorienting";

    internal ReorientingTransformer(ReorientingOptions options)
    {
        Options = options;
    }

    /// <summary>The options.</summary>
    public ReorientingOptions Options { get; }

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
        Core.Volumes.Volume volume = row.RequireVolume("Reorient");
        return row.WithVolume(Reorientation.ToCanonical(volume, Options.Orientation), "Reorient");
    }

    /// <inheritdoc/>
    public void Save(ScanStepSaveContext context) => StepPersistence.Save(context, Options);

    internal static ReorientingTransformer Load(ScanStepLoadContext context)
    {
        PersistedStep<ReorientingOptions> saved = StepPersistence.Load<ReorientingOptions>(context);
        saved.Options.Validate();
        return new ReorientingTransformer(saved.Options);
    }
}
