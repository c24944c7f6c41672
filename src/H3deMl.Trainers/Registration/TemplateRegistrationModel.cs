using H3deMl.Core.Data;
using H3deMl.Core.Geometry;
using H3deMl.Core.MLNet;
using H3deMl.Core.Registration;
using H3deMl.Core.Volumes;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Registration;
using Microsoft.ML;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(TemplateRegistrationModel), null, typeof(SignatureLoadModel), "Template registration landmark model", TemplateRegistrationModel.LoaderSignature)]

namespace H3deMl.Trainers.Registration;

/// <summary>Finds landmarks by registering the bone surfaces of training scans (templates) to a scan, for scans in any
/// pose.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Input columns</term><description><c>Volume</c> (the scan as loaded, in world LPS mm)</description></item>
/// <item><term>Output columns</term><description><c>PredictedLandmarks</c> (3 floats per landmark, slot names
/// "Name.L/P/S", NaN when no template has the landmark), <c>PresenceProbabilities</c> (the fraction of templates that
/// have it; 0 when it falls outside the scan), <c>PresenceDecisions</c> (probability ≥ the threshold)</description></item>
/// </list>
/// <para>Prediction: the scan's bone surface is found; the reference template is aligned to it from many starts
/// (<see cref="SurfaceRegistration.Align"/>); then, for <see cref="TemplateRegistrationMethod.TemplateMedian"/>, every
/// template is refined from that pose by one trimmed ICP run and its landmarks are mapped through its transform, and each
/// landmark is the component-wise median over the templates that have it; for
/// <see cref="TemplateRegistrationMethod.MeanShape"/> the mean shape is mapped through the reference's transform.</para>
/// <para>Saved into ML.NET model zips: its options as JSON and the templates as one <c>templates.bin</c> entry, checked by
/// length and SHA-256 on load.</para>
/// </remarks>
public sealed partial class TemplateRegistrationModel : ScanTransformerBase
{
    internal const string LoaderSignature = "TemplateRegLandmarks";

    internal TemplateRegistrationModel(IHostEnvironment environment, TemplateRegistrationModelOptions options, TemplateSet templates)
        : base(environment, nameof(TemplateRegistrationModel))
    {
        Options = options;
        Templates = templates;
        Mapping = CreateMapping(options.LandmarkNames, options.VolumeColumnName, PredictRow);
    }

    /// <summary>The model's options: landmark names, method, surface and registration settings.</summary>
    public TemplateRegistrationModelOptions Options { get; }

    /// <summary>The landmark names, in output order.</summary>
    public IReadOnlyList<string> LandmarkNames => Options.LandmarkNames;

    /// <summary>The number of templates.</summary>
    public int TemplateCount => Templates.Templates.Count;

    internal TemplateSet Templates { get; }

    internal override ScanRowMapping Mapping { get; }

    /// <summary>Predicts the landmarks of one scan, outside an ML.NET pipeline.</summary>
    /// <param name="volume">The scan.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>3 floats per landmark (world LPS mm), the presence probabilities and decisions.</returns>
    public LandmarkPrediction Predict(Volume volume, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ScanPrediction p = PredictScan(volume, cancellationToken);
        return new LandmarkPrediction { PredictedLandmarks = p.Positions, PresenceProbabilities = p.Probabilities, PresenceDecisions = p.Decisions };
    }

    /// <summary>The columns of a model trained with <paramref name="options"/>, for schema propagation before training.</summary>
    internal static ScanRowMapping ShapeMapping(TemplateRegistrationOptions options) =>
        new(
            "TemplateRegistration",
            new ScanInputColumns(options.VolumeColumnName, options.LandmarksColumnName, RequireLandmarks: true),
            _ => H3deNetModel.Outputs([]),
            _ => H3deNetModel.OutputShapes(),
            (row, _) => row);

    private static ScanRowMapping CreateMapping(IReadOnlyList<string> names, string volumeColumn, Func<ScanRow, ScanRowContext, ScanRow> predict) =>
        new(
            "TemplateRegistration",
            new ScanInputColumns(volumeColumn, null),
            _ => H3deNetModel.Outputs(names),
            _ => H3deNetModel.OutputShapes(),
            predict);

    private ScanRow PredictRow(ScanRow row, ScanRowContext context)
    {
        Volume volume = row.RequireVolume("TemplateRegistration");
        return row.WithFeature(H3deNetModel.PredictionKey, PredictScan(volume, context.CancellationToken));
    }

    private ScanPrediction PredictScan(Volume volume, CancellationToken cancellationToken)
    {
        Vector3d[] surface = BoneSurface.Extract(volume, Options.Surface with { MaxPoints = Options.FixedSurfacePoints }, cancellationToken);
        if (surface.Length < 3)
        {
            throw new InvalidOperationException($"The scan has {surface.Length} bone surface points at threshold {BoneSurface.Threshold(volume, Options.Surface):G6}; registration needs at least 3.");
        }

        var scan = new PointCloudIndex(surface);
        SimilarityTransform referenceToScan = SurfaceRegistration.Align(Templates.Reference.Surface, scan, Options.Registration, cancellationToken).Transform;
        Vector3d[] positions = Options.Method == TemplateRegistrationMethod.MeanShape
            ? Templates.TransferMeanShape(referenceToScan)
            : Templates.TransferMedian(scan, referenceToScan, Options.Registration, cancellationToken);
        return ToPrediction(positions, volume.Geometry);
    }

    private ScanPrediction ToPrediction(Vector3d[] positions, VolumeGeometry geometry)
    {
        int count = positions.Length;
        var values = new float[3 * count];
        var probabilities = new float[count];
        var decisions = new bool[count];
        for (int l = 0; l < count; l++)
        {
            values[3 * l] = (float)positions[l].X;
            values[(3 * l) + 1] = (float)positions[l].Y;
            values[(3 * l) + 2] = (float)positions[l].Z;
            probabilities[l] = positions[l].IsFinite && geometry.ContainsWorld(positions[l]) ? (float)Templates.Fraction(l) : 0f;
            decisions[l] = probabilities[l] > 0 && probabilities[l] >= Options.PresenceThreshold;
        }

        return new ScanPrediction(values, probabilities, decisions);
    }
}
