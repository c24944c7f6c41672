using H3deMl.Core.MLNet;
using H3deMl.Onnx.Protobuf;
using H3deMl.Onnx.Scoring;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace H3deMl.Onnx.Pipeline;

public sealed partial class OnnxScoringTransformer
{
    /// <summary>The zip entry holding the ONNX model bytes.</summary>
    internal const string ModelEntryName = "model.onnx";

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    // 0x00010001: options JSON; int64 model byte count; 32-byte SHA-256 of the model; entry model.onnx.
    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "H3DEONNX",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(OnnxScoringTransformer).Assembly.GetName().Name);

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        if (Network.UsesExternalData)
        {
            throw new NotSupportedException($"{StepName} cannot save a model whose weights live in external data files; convert it to a single .onnx file first.");
        }

        ModelEntryJson.Write(ctx, Options);
        HashedModelEntry.Save(ctx, ModelEntryName, _modelBytes);
    }

    private static OnnxScoringTransformer Create(IHostEnvironment env, ModelLoadContext ctx) =>
        ModelLoading.Guard(env, nameof(OnnxScoringTransformer), () => CreateCore(env, ctx));

    private static OnnxScoringTransformer CreateCore(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel(GetVersionInfo());
        OnnxScoringOptions options = ModelEntryJson.Read<OnnxScoringOptions>(env, ctx, StepName);
        byte[] bytes = HashedModelEntry.Load(env, ctx, StepName, ModelEntryName, OnnxReadLimits.Default.MaxModelBytes);
        try
        {
            options.Validate();
            return new OnnxScoringTransformer(env, options, bytes, OnnxNetwork.Load(new MemoryStream(bytes, writable: false)));
        }
        catch (Exception e) when (e is InvalidDataException or OnnxModelException or ArgumentException)
        {
            throw env.ExceptDecode(e, $"{StepName}: the saved model cannot be used: {e.Message}");
        }
    }
}
