using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using H3deMl.Onnx.Export;
using H3deMl.Onnx.Protobuf;
using H3deMl.Trainers.Network;
using Microsoft.ML;

namespace H3deMl.Onnx.Tests.Export;

/// <summary>A fact that runs only when the environment variable <c>H3DEML_WRITE_ONNX_FIXTURES=1</c> asks for it.</summary>
public sealed class WriteFixturesFactAttribute : FactAttribute
{
    /// <summary>Skips unless asked.</summary>
    public WriteFixturesFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("H3DEML_WRITE_ONNX_FIXTURES") != "1")
            Skip = "Writes the models for Fixtures/ort/generate_ort_fixtures.js; set H3DEML_WRITE_ONNX_FIXTURES=1 to run.";
    }
}

/// <summary>
/// Step 1 of regenerating the ONNX Runtime fixtures (step 2 is <c>node generate_ort_fixtures.js</c> in Fixtures/ort):
/// writes the exported seeded model and its graph hash next to the generator. With <c>H3DEML_ONNX_REFERENCE=PATH</c>
/// it also writes the reference configuration (about 100 MB; not committed) to PATH.
/// </summary>
public sealed class OrtFixtureWriter
{
    internal const ulong Seed = 5;
    internal const int Batch = 2;

    private static string SourceFixtureFolder([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "Fixtures", "ort"));

    /// <summary>The SHA-256 of the exported graph (weights, nodes, names; not the model-level version strings).</summary>
    internal static string GraphHash(ModelProto model) =>
        Convert.ToHexStringLower(SHA256.HashData(new ModelProto { IrVersion = 1, Graph = model.Graph }.ToByteArray()));

    internal static ModelProto ExportSmallBoth(MLContext ml, out ITransformer chain)
    {
        chain = SeededModels.Create(ml, SeededModels.SmallBoth, Seed, SeededModels.SmallWindow);
        return ml.Model.ToOnnxModel(chain);
    }

    [WriteFixturesFact]
    public void WriteModelsForTheOrtGenerator()
    {
        var ml = new MLContext(seed: 1);
        var folder = SourceFixtureFolder();
        var model = ExportSmallBoth(ml, out _);
        File.WriteAllBytes(Path.Combine(folder, "small_both.onnx"), model.ToByteArray());
        File.WriteAllText(Path.Combine(folder, "small_both.export.json"), JsonSerializer.Serialize(new
        {
            graphSha256 = GraphHash(model),
            seed = Seed,
            batch = Batch,
            inputSize = SeededModels.SmallWindow,
            architecture = "Small, Head=Both, LandmarkCount=4",
        }));

        if (Environment.GetEnvironmentVariable("H3DEML_ONNX_REFERENCE") is { Length: > 0 } referencePath)
        {
            var reference = SeededModels.Create(ml, H3deNetArchitecture.Reference with { Head = H3deHead.Both }, Seed, [128, 128, 64]);
            using var file = File.Create(referencePath);
            ml.Model.ExportToOnnx(reference, file);
        }
    }
}
