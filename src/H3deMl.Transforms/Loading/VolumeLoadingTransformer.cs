using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Loading;

/// <summary>Reads each row's volume and landmarks (lazily, when the row is enumerated), optionally through an on-disk cache.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input</term><description>Rows from a dataset (paths) or in memory</description></item>
/// <item><term>Output</term><description>Rows with <c>Volume</c> and <c>Landmarks</c> (LPS mm; outside the field of view marked missing by default)</description></item>
/// <item><term>Runs at inference</term><description>Yes</description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.LoadVolume(…)</c>.</para>
/// </remarks>
public sealed class VolumeLoadingTransformer : IScanTransformer
{
    /// <summary>The step type name in model files.</summary>
    internal const string TypeName = "H3deMl.Transforms.VolumeLoading";

    internal VolumeLoadingTransformer(VolumeLoadingOptions options)
    {
        Options = options;
    }

    /// <summary>The options.</summary>
    public VolumeLoadingOptions Options { get; }

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
        return VolumeLoading.Load(row, Options, context.CancellationToken);
    }

    /// <inheritdoc/>
    public void Save(ScanStepSaveContext context) => StepPersistence.Save(context, Options);

    internal static VolumeLoadingTransformer Load(ScanStepLoadContext context)
    {
        PersistedStep<VolumeLoadingOptions> saved = StepPersistence.Load<VolumeLoadingOptions>(context);
        saved.Options.Validate();
        return new VolumeLoadingTransformer(saved.Options);
    }
}
