using H3deMl.Core.Geometry;
using H3deMl.Core.MLNet;
using H3deMl.Core.Registration;
using H3deMl.Core.Volumes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace H3deMl.Trainers.Registration;

/// <summary>Keeps training scans as templates (bone surface and landmarks) and returns a
/// <see cref="TemplateRegistrationModel"/>, which finds landmarks on a scan in any pose by surface registration.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>Templates: the bone surfaces and landmarks of the first
/// <see cref="TemplateRegistrationOptions.MaxTemplates"/> rows, each aligned to the first (the reference) from many
/// starts</description></item>
/// <item><term>Input columns</term><description><c>Volume</c> (scans as loaded), <c>Landmarks</c> (its slot names are the
/// landmark names; NaN where missing)</description></item>
/// <item><term>Output columns</term><description><c>PredictedLandmarks</c>, <c>PresenceProbabilities</c>, <c>PresenceDecisions</c></description></item>
/// </list>
/// <para>No random numbers: the same data and options give the same model whatever the thread count.</para>
/// <para>Create it with <c>ml.Landmarks.Trainers.TemplateRegistration(…)</c> or <c>ml.Landmarks.Trainers.MeanShape(…)</c>.</para>
/// </remarks>
public sealed class TemplateRegistrationTrainer : ScanEstimatorBase<TemplateRegistrationModel>
{
    internal TemplateRegistrationTrainer(IHostEnvironment environment, TemplateRegistrationOptions options)
        : base(environment, nameof(TemplateRegistrationTrainer))
    {
        Host.CheckValue(options, nameof(options));
        options.Validate();
        Options = options;
        Mapping = TemplateRegistrationModel.ShapeMapping(options);
    }

    /// <summary>The options.</summary>
    public TemplateRegistrationOptions Options { get; }

    internal override ScanRowMapping Mapping { get; }

    /// <summary>Reads the templates and aligns each to the reference.</summary>
    /// <param name="input">The training scans with their landmarks.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type (the message names it).</exception>
    /// <exception cref="ArgumentException">The data has no rows, or a scan has no bone surface at the threshold.</exception>
    public override TemplateRegistrationModel Fit(IDataView input) => Fit([input]);

    /// <summary>Takes the templates from several data views in turn (for example training and validation scans).</summary>
    internal TemplateRegistrationModel Fit(IReadOnlyList<IDataView> inputs)
    {
        Host.CheckValue(inputs, nameof(inputs));
        IReadOnlyList<string> names = [];
        var scans = new List<(Vector3d[] Surface, Vector3d[] Landmarks)>();
        Vector3d[] referenceDense = [];
        foreach (IDataView input in inputs)
        {
            Host.CheckValue(input, nameof(inputs));
            Mapping.Inputs.Check(input.Schema, "TemplateRegistration");
            IReadOnlyList<string> inputNames = LandmarkColumn.Names(input.Schema[Options.LandmarksColumnName]);
            if (scans.Count > 0 && !inputNames.SequenceEqual(names, StringComparer.Ordinal))
            {
                throw new ArgumentException("TemplateRegistration: the data views name different landmarks.", nameof(inputs));
            }

            names = inputNames;
            ReadScans(input, names.Count, scans, ref referenceDense);
        }

        if (scans.Count == 0)
        {
            throw new ArgumentException("The training data has no rows.", nameof(inputs));
        }

        using IChannel channel = Host.Start("TemplateRegistration");
        channel.Info(MessageSensitivity.None, $"Template registration: {scans.Count} templates, {names.Count} landmarks, method {Options.Method}.");
        var reference = new PointCloudIndex(referenceDense);
        var templates = new RegistrationTemplate[scans.Count];
        templates[0] = new RegistrationTemplate(scans[0].Surface, scans[0].Landmarks, SimilarityTransform.Identity);
        for (int t = 1; t < scans.Count; t++)
        {
            SurfaceRegistrationResult aligned = SurfaceRegistration.Align(scans[t].Surface, reference, Options.Registration);
            channel.Info(MessageSensitivity.None, $"Template {t}: trimmed RMS {aligned.TrimmedRmsMm:F3} mm to the reference.");
            templates[t] = new RegistrationTemplate(scans[t].Surface, scans[t].Landmarks, aligned.Transform);
        }

        var modelOptions = new TemplateRegistrationModelOptions
        {
            LandmarkNames = [.. names],
            TemplateCount = templates.Length,
            VolumeColumnName = Options.VolumeColumnName,
            Method = Options.Method,
            Surface = Options.Surface,
            FixedSurfacePoints = Options.FixedSurfacePoints,
            Registration = Options.Registration,
            PresenceThreshold = Options.PresenceThreshold,
        };
        return new TemplateRegistrationModel(Host, modelOptions, new TemplateSet(templates, names.Count));
    }

    /// <summary>The surfaces and landmarks of the first rows, and the dense surface of the first (the reference).</summary>
    private void ReadScans(IDataView input, int landmarkCount, List<(Vector3d[] Surface, Vector3d[] Landmarks)> scans, ref Vector3d[] referenceDense)
    {
        DataViewSchema.Column volumeColumn = input.Schema[Options.VolumeColumnName], landmarkColumn = input.Schema[Options.LandmarksColumnName];
        using DataViewRowCursor cursor = input.GetRowCursor([volumeColumn, landmarkColumn]);
        ValueGetter<Volume> getVolume = cursor.GetGetter<Volume>(volumeColumn);
        ValueGetter<VBuffer<float>> getLandmarks = cursor.GetGetter<VBuffer<float>>(landmarkColumn);
        VBuffer<float> buffer = default;
        while (scans.Count < Options.MaxTemplates && cursor.MoveNext())
        {
            Volume volume = null!;
            getVolume(ref volume);
            getLandmarks(ref buffer);
            Vector3d[] surface = BoneSurface.Extract(volume, Options.Surface);
            if (surface.Length < 3)
            {
                throw new ArgumentException($"Training scan {scans.Count} has {surface.Length} bone surface points at threshold {BoneSurface.Threshold(volume, Options.Surface):G6}; at least 3 are needed.", nameof(input));
            }

            if (scans.Count == 0)
            {
                referenceDense = BoneSurface.Extract(volume, Options.Surface with { MaxPoints = Options.FixedSurfacePoints });
            }

            scans.Add((surface, ToPoints(buffer.DenseValues().ToArray(), landmarkCount)));
        }
    }

    private static Vector3d[] ToPoints(float[] values, int count)
    {
        var points = new Vector3d[count];
        for (int l = 0; l < count; l++)
        {
            var p = new Vector3d(values[3 * l], values[(3 * l) + 1], values[(3 * l) + 2]);
            points[l] = p.IsFinite ? p : new Vector3d(double.NaN, double.NaN, double.NaN);
        }

        return points;
    }
}
