using H3deMl.Core.MLNet;
using H3deMl.Trainers.Network;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace H3deMl.Trainers.Model;

public sealed partial class H3deNetModel
{
    private protected override VersionInfo VersionInfo => GetVersionInfo();

    // 0x00010001: options JSON; then the weights as a HashedModelEntry (count, SHA-256; entry weights.safetensors).
    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "H3DENETM",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(H3deNetModel).Assembly.GetName().Name);

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ModelEntryJson.Write(ctx, Options);
        NetworkWeightsEntry.Save(ctx, Model, LoaderSignature);
    }

    private static H3deNetModel Create(IHostEnvironment env, ModelLoadContext ctx) =>
        ModelLoading.Guard(env, nameof(H3deNetModel), () => CreateCore(env, ctx));

    private static H3deNetModel CreateCore(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel(GetVersionInfo());
        H3deNetModelOptions options = ModelEntryJson.Read<H3deNetModelOptions>(env, ctx, "H3deNet");
        Validated(env, options);
        H3deNet network = NetworkWeightsEntry.Load(env, ctx, "H3deNet", options.Architecture);
        return new H3deNetModel(env, network, options);
    }

    private static void Validated(IHostEnvironment env, H3deNetModelOptions options)
    {
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw env.ExceptDecode(e, $"H3deNet: the saved options are invalid: {e.Message}");
        }
    }
}
