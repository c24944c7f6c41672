using System.Runtime.CompilerServices;
using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Tensors.Randomness;
using H3deMl.Trainers.Network;
using H3deMl.Trainers.Prediction;

namespace H3deMl.Trainers.Model;

/// <summary>
/// A trained H3DE-Net as a pipeline step: it predicts every landmark of a row's (preprocessed) volume, with presence
/// probabilities, and maps the positions to world LPS coordinates of the original scan (DECISIONS.md §7).
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No (it is the result of <see cref="Training.H3deNetTrainer"/>).</description></item>
/// <item><term>Input</term><description>A row with a scalar volume (normalised as in training).</description></item>
/// <item><term>Output</term><description><see cref="ScanRow.Prediction"/>: landmarks in world LPS mm and presence probabilities.</description></item>
/// <item><term>Runs at inference</term><description>Yes. Rows are predicted one at a time; the step is safe to share between threads (calls are serialised).</description></item>
/// </list>
/// Saved as step type <c>H3deMl.H3deNet</c> (version 1): options in manifest.json and the weights in
/// <c>weights.safetensors</c> (reference parameter names).
/// </remarks>
public sealed class H3deNetModel : IScanTransformer
{
    /// <summary>The step type name in model files.</summary>
    public const string TypeName = "H3deMl.H3deNet";

    /// <summary>The zip entry holding the weights.</summary>
    public const string WeightsEntryName = "weights.safetensors";

    private readonly NetworkInference _inference;

    internal H3deNetModel(H3deNet network, H3deNetModelOptions options)
    {
        Network = network;
        Options = options;
        network.Eval();
        var w = options.WindowSize;
        _inference = new NetworkInference(network, (w[0], w[1], w[2]), options.HeatmapDecodeMinimumVoxels, options.AnchorRadiiCells);
    }

    /// <summary>The network (in evaluation mode).</summary>
    public H3deNet Network { get; }

    /// <summary>The model's options.</summary>
    public H3deNetModelOptions Options { get; }

    /// <inheritdoc />
    public string StepTypeName => TypeName;

    /// <inheritdoc />
    public int StepVersion => 1;

    internal NetworkInference Inference => _inference;

    /// <inheritdoc />
    public ScanRow TransformRow(ScanRow row, ScanRowContext context)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(context);
        var volume = row.RequireVolume(TypeName);
        var decoded = _inference.Predict(volume, context.CancellationToken);
        var indices = decoded.Select(d => d.IndexIjk).ToArray();
        var present = decoded.Select(d => d.PresenceProbability >= Options.PresenceThreshold).ToArray();
        var landmarks = CoordinateMapping.CurrentIndicesToLandmarks(row, Options.LandmarkNames, indices, present);
        return row with { Prediction = new LandmarkPrediction(landmarks, decoded.Select(d => d.PresenceProbability).ToArray()) };
    }

    /// <inheritdoc />
    public ScanDataView Transform(ScanDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.AppendStep(this);
    }

    /// <inheritdoc />
    public void Save(ScanStepSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.WriteOptions(Options);
        using var stream = context.CreateEntry(WeightsEntryName);
        Network.SaveSafetensors(stream, new Dictionary<string, string> { ["format"] = "h3deml", ["step"] = TypeName });
    }

    internal static H3deNetModel Load(ScanStepLoadContext context)
    {
        if (context.Version != 1) context.ThrowUnsupportedVersion("1");
        var options = context.ReadOptions<H3deNetModelOptions>();
        options.Architecture.Validate();
        var network = new H3deNet(options.Architecture, new RandomStream(0));
        using var weights = context.OpenEntry(WeightsEntryName);
        network.LoadSafetensors(weights, strict: true, sourceName: $"{context.FilePath}!{WeightsEntryName}");
        return new H3deNetModel(network, options);
    }

    // A library module initializer is deliberate: loading a model file must find this step's loader (ScanStepLoaders).
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => ScanStepLoaders.Register(TypeName, Load);
}
