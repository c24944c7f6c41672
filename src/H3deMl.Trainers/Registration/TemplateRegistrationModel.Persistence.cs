using H3deMl.Core.MLNet;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace H3deMl.Trainers.Registration;

public sealed partial class TemplateRegistrationModel
{
    internal const string TemplatesEntryName = "templates.bin";

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    // 0x00010001: options JSON; then the templates as a HashedModelEntry (count, SHA-256; entry templates.bin).
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
        HashedModelEntry.Save(ctx, TemplatesEntryName, bytes);
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

        byte[] bytes = HashedModelEntry.Load(env, ctx, "TemplateRegistration", TemplatesEntryName, TemplateCodec.MaxBytes(options));
        return new TemplateRegistrationModel(env, options, TemplateCodec.Decode(env, bytes, options));
    }
}
