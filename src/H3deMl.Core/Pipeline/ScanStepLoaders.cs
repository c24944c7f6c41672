using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace H3deMl.Core.Pipeline;

/// <summary>The registry of step loaders, keyed by step type name, through which <see cref="ScanModelCatalog.Load(string)"/>
/// restores the steps of a model file.</summary>
/// <remarks>
/// <para><b>How a layer registers its steps.</b> Each assembly that defines steps registers a loader per step type from a
/// module initializer, which runs the first time anything in the assembly is used:</para>
/// <code>
/// internal static class TrainersModule
/// {
/// #pragma warning disable CA2255 // a registry-only module initializer is the intended use here
///     [ModuleInitializer]
/// #pragma warning restore CA2255
///     internal static void RegisterSteps() =>
///         ScanStepLoaders.Register(H3deNetTransformer.TypeName, H3deNetTransformer.Load);
/// }
/// </code>
/// <para>The manifest records the assembly of every step. When a model is loaded before anything in that assembly has
/// been touched, the loader looks the assembly up by name — only names starting with "H3deMl." or registered with
/// <see cref="TrustAssembly"/>, never an arbitrary name from an untrusted file — and runs its module initializer.</para>
/// </remarks>
public static class ScanStepLoaders
{
    private static readonly ConcurrentDictionary<string, Func<ScanStepLoadContext, IScanTransformer>> Loaders = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, bool> TrustedAssemblies = new(StringComparer.Ordinal);

    /// <summary>The step type names with a registered loader.</summary>
    public static IReadOnlyCollection<string> RegisteredTypeNames => [.. Loaders.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Registers (or replaces) the loader of a step type.</summary>
    /// <param name="stepTypeName">The name the step writes as <see cref="IScanTransformer.StepTypeName"/>.</param>
    /// <param name="loader">Restores the step from its saved options and entries; it must check
    /// <see cref="ScanStepLoadContext.Version"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="stepTypeName"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="loader"/> is null.</exception>
    public static void Register(string stepTypeName, Func<ScanStepLoadContext, IScanTransformer> loader)
    {
        ArgumentException.ThrowIfNullOrEmpty(stepTypeName);
        ArgumentNullException.ThrowIfNull(loader);
        Loaders[stepTypeName] = loader;
    }

    /// <summary>Allows the loader to load an assembly whose name does not start with "H3deMl." when a model file names it.</summary>
    /// <param name="assemblyName">The simple assembly name.</param>
    /// <exception cref="ArgumentException"><paramref name="assemblyName"/> is null or empty.</exception>
    public static void TrustAssembly(string assemblyName)
    {
        ArgumentException.ThrowIfNullOrEmpty(assemblyName);
        TrustedAssemblies[assemblyName] = true;
    }

    /// <summary>Whether a loader is registered for a step type.</summary>
    /// <param name="stepTypeName">The step type name.</param>
    /// <returns>True when registered.</returns>
    public static bool IsRegistered(string stepTypeName) => Loaders.ContainsKey(stepTypeName);

    internal static Func<ScanStepLoadContext, IScanTransformer>? Find(string stepTypeName, string? assemblyName)
    {
        if (Loaders.TryGetValue(stepTypeName, out var loader))
        {
            return loader;
        }

        if (assemblyName is null || !IsLoadable(assemblyName))
        {
            return null;
        }

        try
        {
            Assembly assembly = Assembly.Load(new AssemblyName(assemblyName));
            RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            return null;
        }

        return Loaders.GetValueOrDefault(stepTypeName);
    }

    private static bool IsLoadable(string assemblyName) =>
        (assemblyName.StartsWith("H3deMl.", StringComparison.Ordinal) && assemblyName.All(c => char.IsAsciiLetterOrDigit(c) || c == '.'))
        || TrustedAssemblies.ContainsKey(assemblyName);
}
