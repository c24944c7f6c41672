using System.Security.Cryptography;
using H3deMl.Core.MLNet;
using H3deMl.Tensors.Randomness;
using H3deMl.Trainers.Network;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace H3deMl.Trainers.Model;

public sealed partial class H3deNetModel
{
    /// <summary>Safetensors header and alignment allowance beyond 4 bytes per parameter.</summary>
    private const long WeightsOverheadBytes = 16L << 20;

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    // 0x00010001: options JSON; int64 weights byte count; 32-byte SHA-256 of the weights; entry weights.safetensors.
    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "H3DENETM",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(H3deNetModel).Assembly.GetName().Name);

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        using var weights = new MemoryStream();
        Model.SaveSafetensors(weights, new Dictionary<string, string> { ["format"] = "h3deml", ["component"] = LoaderSignature });
        byte[] bytes = weights.ToArray();
        ModelEntryJson.Write(ctx, Options);
        ctx.Writer.Write((long)bytes.Length);
        ctx.Writer.Write(SHA256.HashData(bytes));
        ctx.SaveBinaryStream(WeightsEntryName, w => w.Write(bytes));
    }

    private static H3deNetModel Create(IHostEnvironment env, ModelLoadContext ctx) =>
        ModelLoading.Guard(env, nameof(H3deNetModel), () => CreateCore(env, ctx));

    private static H3deNetModel CreateCore(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel(GetVersionInfo());
        H3deNetModelOptions options = ModelEntryJson.Read<H3deNetModelOptions>(env, ctx, "H3deNet");
        H3deNet network = CreateNetwork(env, options);
        long length = ctx.Reader.ReadInt64();
        byte[] sha = ctx.Reader.ReadBytes(32);
        long limit = (4 * network.Parameters().Sum(p => (long)p.Value.Length)) + WeightsOverheadBytes;
        env.CheckDecode(length > 0 && length <= limit, $"H3deNet: the model claims {length} bytes of weights; its architecture needs at most {limit}. The model file is damaged or was not written by H3deMl.");
        env.CheckDecode(sha.Length == 32, "H3deNet: the model file is truncated (no weights hash).");
        byte[]? bytes = null;
        if (!ctx.TryLoadBinaryStream(WeightsEntryName, r => bytes = ReadExactly(env, r.BaseStream, length)))
        {
            throw env.ExceptDecode($"H3deNet: the model file has no '{WeightsEntryName}' entry.");
        }

        env.CheckDecode(SHA256.HashData(bytes!).AsSpan().SequenceEqual(sha), $"H3deNet: '{WeightsEntryName}' does not match the SHA-256 recorded with it; the model file is damaged or has been modified.");
        try
        {
            network.LoadSafetensors(new MemoryStream(bytes!, writable: false), strict: true, sourceName: WeightsEntryName);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or KeyNotFoundException or FormatException)
        {
            throw env.ExceptDecode(e, $"H3deNet: the weights do not fit the saved architecture: {e.Message}");
        }

        return new H3deNetModel(env, network, options);
    }

    private static H3deNet CreateNetwork(IHostEnvironment env, H3deNetModelOptions options)
    {
        try
        {
            options.Validate();
            return new H3deNet(options.Architecture, new RandomStream(0));
        }
        catch (ArgumentException e)
        {
            throw env.ExceptDecode(e, $"H3deNet: the saved options are invalid: {e.Message}");
        }
    }

    private static byte[] ReadExactly(IHostEnvironment env, Stream stream, long length)
    {
        var bytes = new byte[length];
        int read = 0;
        while (read < bytes.Length)
        {
            int n = stream.Read(bytes, read, bytes.Length - read);
            env.CheckDecode(n > 0, $"H3deNet: '{WeightsEntryName}' is truncated ({read} of {length} bytes).");
            read += n;
        }

        env.CheckDecode(stream.ReadByte() < 0, $"H3deNet: '{WeightsEntryName}' is longer than the {length} bytes recorded.");
        return bytes;
    }
}
