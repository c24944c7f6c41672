using System.Security.Cryptography;
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
        ctx.Writer.Write((long)_modelBytes.Length);
        ctx.Writer.Write(SHA256.HashData(_modelBytes));
        ctx.SaveBinaryStream(ModelEntryName, w => w.Write(_modelBytes));
    }

    private static OnnxScoringTransformer Create(IHostEnvironment env, ModelLoadContext ctx) =>
        ModelLoading.Guard(env, nameof(OnnxScoringTransformer), () => CreateCore(env, ctx));

    private static OnnxScoringTransformer CreateCore(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel(GetVersionInfo());
        OnnxScoringOptions options = ModelEntryJson.Read<OnnxScoringOptions>(env, ctx, StepName);
        long length = ctx.Reader.ReadInt64();
        byte[] sha = ctx.Reader.ReadBytes(32);
        long limit = OnnxReadLimits.Default.MaxModelBytes;
        env.CheckDecode(length > 0 && length <= limit, $"{StepName}: the model file claims {length} bytes of ONNX model (at most {limit}); it is damaged or was not written by H3deMl.");
        env.CheckDecode(sha.Length == 32, $"{StepName}: the model file is truncated (no ONNX hash).");
        byte[]? bytes = null;
        if (!ctx.TryLoadBinaryStream(ModelEntryName, r => bytes = ReadExactly(env, r.BaseStream, length)))
        {
            throw env.ExceptDecode($"{StepName}: the model file has no '{ModelEntryName}' entry.");
        }

        env.CheckDecode(SHA256.HashData(bytes!).AsSpan().SequenceEqual(sha), $"{StepName}: '{ModelEntryName}' does not match the SHA-256 recorded with it; the model file is damaged or has been modified.");
        try
        {
            options.Validate();
            return new OnnxScoringTransformer(env, options, bytes!, OnnxNetwork.Load(new MemoryStream(bytes!, writable: false)));
        }
        catch (Exception e) when (e is InvalidDataException or OnnxModelException or ArgumentException)
        {
            throw env.ExceptDecode(e, $"{StepName}: the saved model cannot be used: {e.Message}");
        }
    }

    private static byte[] ReadExactly(IHostEnvironment env, Stream stream, long length)
    {
        var bytes = new byte[length];
        int read = 0;
        while (read < bytes.Length)
        {
            int n = stream.Read(bytes, read, bytes.Length - read);
            env.CheckDecode(n > 0, $"{StepName}: '{ModelEntryName}' is truncated ({read} of {length} bytes).");
            read += n;
        }

        env.CheckDecode(stream.ReadByte() < 0, $"{StepName}: '{ModelEntryName}' is longer than the {length} bytes recorded.");
        return bytes;
    }
}
