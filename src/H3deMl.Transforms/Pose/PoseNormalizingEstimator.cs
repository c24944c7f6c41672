using H3deMl.Core.Geometry;
using H3deMl.Core.MLNet;
using H3deMl.Core.Volumes;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace H3deMl.Transforms.Pose;

/// <summary>The estimator of <see cref="PoseNormalizingTransformer"/>: fitting takes the first training scan's bone surface
/// as the reference and builds a grid along its principal axes.</summary>
/// <remarks>Create it with <c>ml.Transforms.NormalizePose(…)</c>.</remarks>
public sealed class PoseNormalizingEstimator : ScanEstimatorBase<PoseNormalizingTransformer>
{
    private readonly PoseNormalizingOptions _options;

    internal PoseNormalizingEstimator(IHostEnvironment environment, PoseNormalizingOptions options)
        : base(environment, nameof(PoseNormalizingEstimator))
    {
        _options = options;
        Mapping = PoseNormalizingTransformer.ShapeMapping(options, (row, _) => row);
    }

    internal override ScanRowMapping Mapping { get; }

    /// <summary>Reads the first training scan and builds the reference frame.</summary>
    /// <param name="input">The training data, with a <c>Volume</c> column.</param>
    /// <returns>The transformer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The data has no volume column.</exception>
    /// <exception cref="ArgumentException">The data has no rows.</exception>
    public override PoseNormalizingTransformer Fit(IDataView input)
    {
        Host.CheckValue(input, nameof(input));
        Mapping.Inputs.Check(input.Schema, Mapping.StepName);
        Volume reference = FirstVolume(input);
        Vector3d[] template = PoseRegistration.Surface(reference, _options, CancellationToken.None);
        double spacing = _options.SpacingMm ?? Math.Min(reference.Geometry.SpacingMm.X, Math.Min(reference.Geometry.SpacingMm.Y, reference.Geometry.SpacingMm.Z));
        using (IChannel channel = Host.Start("NormalizePose"))
        {
            PoseFrame frame = PoseFrame.Of(template, spacing, _options.MarginFraction);
            channel.Info(MessageSensitivity.None, $"NormalizePose: reference bone of {template.Length} surface points; grid {frame.GridSize} at {spacing:G4} mm.");
            return new PoseNormalizingTransformer(Host, _options, frame);
        }
    }

    private static Volume FirstVolume(IDataView input)
    {
        DataViewSchema.Column column = input.Schema[ScanColumnNames.Volume];
        using DataViewRowCursor cursor = input.GetRowCursor([column]);
        if (!cursor.MoveNext())
        {
            throw new ArgumentException("NormalizePose: the training data has no rows.", nameof(input));
        }

        Volume volume = null!;
        cursor.GetGetter<Volume>(column)(ref volume);
        return volume;
    }
}
