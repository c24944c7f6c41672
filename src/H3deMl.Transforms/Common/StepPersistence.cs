using H3deMl.Core.MLNet;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace H3deMl.Transforms.Common;

/// <summary>Saves and loads a transform's model entry: its options record as JSON (<see cref="ModelEntryJson"/>), then,
/// for a random step, the uint64 seed of its random stream.</summary>
internal static class StepPersistence
{
    /// <summary>The version every transform of this assembly writes (0x00010001: options JSON [+ uint64 seed]).</summary>
    public const uint Version = 0x00010001;

    public static VersionInfo VersionInfo(string modelSignature, string loaderSignature) => new(
        modelSignature: modelSignature,
        verWrittenCur: Version,
        verReadableCur: Version,
        verWeCanReadBack: Version,
        loaderSignature: loaderSignature,
        loaderAssemblyName: typeof(StepPersistence).Assembly.GetName().Name);

    public static void Save<TOptions>(ModelSaveContext ctx, TOptions options, ulong? seed = null)
    {
        ModelEntryJson.Write(ctx, options);
        if (seed is ulong s)
        {
            ctx.Writer.Write(s);
        }
    }

    public static TOptions Load<TOptions>(IHostEnvironment env, ModelLoadContext ctx, VersionInfo version, string step, Action<TOptions> validate)
        where TOptions : class
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel(version);
        TOptions options = ModelEntryJson.Read<TOptions>(env, ctx, step);
        try
        {
            validate(options);
        }
        catch (ArgumentException e)
        {
            throw env.ExceptDecode(e, $"{step}: the saved options are invalid: {e.Message}");
        }

        return options;
    }
}
