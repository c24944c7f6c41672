using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using H3deMl.Core.Pipeline;
using H3deMl.Tensors;
using H3deMl.Tensors.Randomness;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Network;
using H3deMl.Transforms;

namespace H3deMl.Onnx.Tests.Export;

/// <summary>Fitted pipelines with a seeded (untrained) H3DE-Net, built through the public model-file format.</summary>
internal static class SeededModels
{
    /// <summary>Small, both heads, 4 landmarks: the ONNX Runtime parity configuration.</summary>
    public static H3deNetArchitecture SmallBoth => H3deNetArchitecture.Small with { Head = H3deHead.Both, LandmarkCount = 4 };

    /// <summary>The spatial input size of the parity fixtures (not a multiple of 32, so padding and cropping are exported).</summary>
    public static readonly int[] SmallWindow = [32, 32, 16];

    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// A chain [LoadVolume, NormalizeIntensity(−1000, 2000), CenterCrop (evaluation and scoring)] + H3deNet when
    /// <paramref name="withPreprocessing"/>, else the H3deNet step alone, loaded back with <c>ml.Model.Load</c>.
    /// </summary>
    public static ScanTransformerChain<IScanTransformer> Create(H3deContext ml, H3deNetArchitecture architecture, ulong seed,
        int[] window, bool withPreprocessing = false)
    {
        var names = Enumerable.Range(0, architecture.LandmarkCount).Select(i => $"L{i}").ToArray();
        var steps = new JsonArray();
        if (withPreprocessing)
        {
            var data = ml.Data.GeneratePhantoms(1);
            var pre = ml.Transforms.LoadVolume()
                .Append(ml.Transforms.NormalizeIntensity(-1000, 2000))
                .Append(ml.Transforms.CenterCrop(window[0], window[1], window[2]), StepScope.Evaluation | StepScope.Scoring)
                .Fit(data);
            using var buffer = new MemoryStream();
            ml.Model.Save(pre, buffer, names);
            buffer.Position = 0;
            using var zip = new ZipArchive(buffer, ZipArchiveMode.Read);
            using var manifest = zip.GetEntry("manifest.json")!.Open();
            foreach (var step in JsonNode.Parse(manifest)!["steps"]!.AsArray()) steps.Add(step!.DeepClone());
        }
        var options = new H3deNetModelOptions { Architecture = architecture, LandmarkNames = names, WindowSize = window, PresenceThreshold = 0.4 };
        steps.Add(new JsonObject
        {
            ["type"] = H3deNetModel.TypeName,
            ["assembly"] = "H3deMl.Trainers",
            ["version"] = 1,
            ["scope"] = "Training, Evaluation, Scoring",
            ["options"] = JsonSerializer.SerializeToNode(options, s_json),
        });
        var network = new H3deNet(architecture, new RandomStream(seed));

        using var file = new MemoryStream();
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            var manifest = new JsonObject
            {
                ["format"] = "H3deMl.Model",
                ["formatVersion"] = 1,
                ["libraryVersion"] = "test",
                ["landmarkNames"] = new JsonArray([.. names.Select(n => (JsonNode?)JsonValue.Create(n))]),
                ["steps"] = steps,
            };
            using (var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open())) writer.Write(manifest.ToJsonString());
            using var weights = zip.CreateEntry(H3deNetModel.WeightsEntryName).Open();
            network.SaveSafetensors(weights);
        }
        file.Position = 0;
        return ml.Model.Load(file);
    }

    /// <summary>The network of a chain built by <see cref="Create"/>.</summary>
    public static H3deNet Network(ScanTransformerChain<IScanTransformer> chain) => ((H3deNetModel)chain.LastTransformer).Network;

    /// <summary>
    /// The deterministic parity input (shared with Fixtures/ort/generate_ort_fixtures.mjs): element i of the
    /// row-major (batch, 1, A0, A1, A2) tensor is fround(0.8·sin(0.37·i + 1.3·b) + 0.1·cos(0.05·i)) where b is the batch index
    /// and i the index within the sample.
    /// </summary>
    public static Tensor Input(int batch, int[] size)
    {
        var perSample = size[0] * size[1] * size[2];
        var data = new float[batch * perSample];
        for (var b = 0; b < batch; b++)
            for (var i = 0; i < perSample; i++)
                data[b * perSample + i] = (float)(0.8 * Math.Sin(0.37 * i + 1.3 * b) + 0.1 * Math.Cos(0.05 * i));
        return Tensor.FromArray(data, batch, 1, size[0], size[1], size[2]);
    }
}
