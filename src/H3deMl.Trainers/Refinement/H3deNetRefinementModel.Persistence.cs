using H3deMl.Core.MLNet;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Network;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace H3deMl.Trainers.Refinement;

public sealed partial class H3deNetRefinementModel
{
    private protected override VersionInfo VersionInfo => GetVersionInfo();

    // 0x00010001: options JSON; then the weights as a HashedModelEntry (entry weights.safetensors).
    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "H3DEREFN",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(H3deNetRefinementModel).Assembly.GetName().Name);

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ModelEntryJson.Write(ctx, Options);
        NetworkWeightsEntry.Save(ctx, Network, LoaderSignature);
    }

    private static H3deNetRefinementModel Create(IHostEnvironment env, ModelLoadContext ctx) =>
        ModelLoading.Guard(env, nameof(H3deNetRefinementModel), () => CreateCore(env, ctx));

    private static H3deNetRefinementModel CreateCore(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel(GetVersionInfo());
        RefinementModelOptions options = ModelEntryJson.Read<RefinementModelOptions>(env, ctx, "H3deNetRefinement");
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw env.ExceptDecode(e, $"H3deNetRefinement: the saved options are invalid: {e.Message}");
        }

        H3deNet network = NetworkWeightsEntry.Load(env, ctx, "H3deNetRefinement", options.Architecture);
        return new H3deNetRefinementModel(env, network, options);
    }
}
