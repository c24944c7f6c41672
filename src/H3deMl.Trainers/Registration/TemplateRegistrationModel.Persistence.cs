using System.Security.Cryptography;
using H3deMl.Core.MLNet;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace H3deMl.Trainers.Registration;

public sealed partial class TemplateRegistrationModel
{
    internal const string TemplatesEntryName = "templates.bin";

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    // 0x00010001: options JSON; int64 templates byte count; 32-byte SHA-256 of the templates; entry templates.bin.
    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "TMPLREGM",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(TemplateRegistrationModel).Assembly.GetName().Name);

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        byte[] bytes = TemplateCodec.Encode(Templates);
        ModelEntryJson.Write(ctx, Options);
        ctx.Writer.Write((long)bytes.Length);
        ctx.Writer.Write(SHA256.HashData(bytes));
        ctx.SaveBinaryStream(TemplatesEntryName, w => w.Write(bytes));
    }

    private static TemplateRegistrationModel Create(IHostEnvironment env, ModelLoadContext ctx) =>
        ModelLoading.Guard(env, nameof(TemplateRegistrationModel), () => CreateCore(env, ctx));

    private static TemplateRegistrationModel CreateCore(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel(GetVersionInfo());
        TemplateRegistrationModelOptions options = ModelEntryJson.Read<TemplateRegistrationModelOptions>(env, ctx, "TemplateRegistration");
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw env.ExceptDecode(e, $"TemplateRegistration: the saved options are invalid: {e.Message}");
        }

        long length = ctx.Reader.ReadInt64();
        byte[] sha = ctx.Reader.ReadBytes(32);
        long limit = TemplateCodec.MaxBytes(options);
        env.CheckDecode(length > 0 && length <= limit, $"TemplateRegistration: the model claims {length} bytes of templates; its options allow at most {limit}. The model file is damaged or was not written by H3deMl.");
        env.CheckDecode(sha.Length == 32, "TemplateRegistration: the model file is truncated (no templates hash).");
        byte[]? bytes = null;
        if (!ctx.TryLoadBinaryStream(TemplatesEntryName, r => bytes = ReadExactly(env, r.BaseStream, length)))
        {
            throw env.ExceptDecode($"TemplateRegistration: the model file has no '{TemplatesEntryName}' entry.");
        }

        env.CheckDecode(SHA256.HashData(bytes!).AsSpan().SequenceEqual(sha), $"TemplateRegistration: '{TemplatesEntryName}' does not match the SHA-256 recorded with it; the model file is damaged or has been modified.");
        return new TemplateRegistrationModel(env, options, TemplateCodec.Decode(env, bytes!, options));
    }

    private static byte[] ReadExactly(IHostEnvironment env, Stream stream, long length)
    {
        var bytes = new byte[length];
        int read = 0;
        while (read < bytes.Length)
        {
            int n = stream.Read(bytes, read, bytes.Length - read);
            env.CheckDecode(n > 0, $"TemplateRegistration: '{TemplatesEntryName}' is truncated ({read} of {length} bytes).");
            read += n;
        }

        env.CheckDecode(stream.ReadByte() < 0, $"TemplateRegistration: '{TemplatesEntryName}' is longer than the {length} bytes recorded.");
        return bytes;
    }
}
