using H3deMl.Core.Pipeline;

namespace H3deMl.Transforms.Common;

/// <summary>What a transform step stores in the model manifest: its options and, for a random step, its stream identity.</summary>
/// <typeparam name="TOptions">The options record.</typeparam>
/// <param name="Options">The options.</param>
/// <param name="RandomStreamIdentity">The identity of the step's random stream (see <see cref="H3deContext.CreateRandomStream"/>), or null.</param>
internal sealed record PersistedStep<TOptions>(TOptions Options, string? RandomStreamIdentity);

/// <summary>Saves and loads transform steps (layout version 1: <c>{ "options": {…}, "randomStreamIdentity": "…" }</c>).</summary>
internal static class StepPersistence
{
    public const int Version = 1;

    public static void Save<TOptions>(ScanStepSaveContext context, TOptions options, string? randomStreamIdentity = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.WriteOptions(new PersistedStep<TOptions>(options, randomStreamIdentity));
    }

    public static PersistedStep<TOptions> Load<TOptions>(ScanStepLoadContext context)
    {
        if (context.Version != Version)
        {
            context.ThrowUnsupportedVersion("1");
        }

        PersistedStep<TOptions> persisted = context.ReadOptions<PersistedStep<TOptions>>();
        if (persisted.Options is null)
        {
            throw new ArgumentException($"The saved step {context.StepTypeName} has no options.");
        }

        return persisted;
    }
}
