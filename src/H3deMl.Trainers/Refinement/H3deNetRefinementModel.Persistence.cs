using H3deMl.Core.MLNet;
using H3deMl.Tensors.Randomness;
using H3deMl.Trainers.Network;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace H3deMl.Trainers.Refinement;

public sealed partial class H3deNetRefinementModel
{
    private const long WeightsOverheadBytes = 16L << 20;

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
        using var weights = new MemoryStream();
        Network.SaveSafetensors(weights, new Dictionary<string, string> { ["format"] = "h3deml", ["component"] = LoaderSignature });
        ModelEntryJson.Write(ctx, Options);
        HashedModelEntry.Save(ctx, WeightsEntryName, weights.ToArray());
    }

    private static H3deNetRefinementModel Create(IHostEnvironment env, ModelLoadContext ctx) =>
        ModelLoading.Guard(env, nameof(H3deNetRefinementModel), () => CreateCore(env, ctx));

    private static H3deNetRefinementModel CreateCore(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel(GetVersionInfo());
        RefinementModelOptions options = ModelEntryJson.Read<RefinementModelOptions>(env, ctx, "H3deNetRefinement");
        H3deNet network;
        try
        {
            options.Validate();
            network = new H3deNet(options.Architecture, new RandomStream(0));
        }
        catch (ArgumentException e)
        {
            throw env.ExceptDecode(e, $"H3deNetRefinement: the saved options are invalid: {e.Message}");
        }

        long limit = (4 * network.Parameters().Sum(p => (long)p.Value.Length)) + WeightsOverheadBytes;
        byte[] bytes = HashedModelEntry.Load(env, ctx, "H3deNetRefinement", WeightsEntryName, limit);
        try
        {
            network.LoadSafetensors(new MemoryStream(bytes, writable: false), strict: true, sourceName: WeightsEntryName);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or KeyNotFoundException or FormatException)
        {
            throw env.ExceptDecode(e, $"H3deNetRefinement: the weights do not fit the saved architecture: {e.Message}");
        }

        return new H3deNetRefinementModel(env, network, options);
    }
}
