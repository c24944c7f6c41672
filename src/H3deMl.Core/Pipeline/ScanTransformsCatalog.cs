namespace H3deMl.Core.Pipeline;

/// <summary>The transforms of a pipeline (<c>ml.Transforms</c>). The operations are extension methods added by
/// H3deMl.Transforms (<c>LoadVolume</c>, <c>NormalizeIntensity</c>, <c>RandomCrop</c>, …).</summary>
public sealed class ScanTransformsCatalog
{
    internal ScanTransformsCatalog(H3deContext context) => Context = context;

    /// <summary>The context the catalog belongs to (for extension methods).</summary>
    public H3deContext Context { get; }
}
