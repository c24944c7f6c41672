namespace H3deMl.Core.Pipeline;

/// <summary>The non-generic view of a <see cref="ScanTransformerChain{TLast}"/>: its steps and landmark names.</summary>
public interface IScanTransformerChain
{
    /// <summary>The fitted steps and their scopes, in order.</summary>
    IReadOnlyList<ScanChainStep> Steps { get; }

    /// <summary>The landmark names of the data the chain was fitted on.</summary>
    IReadOnlyList<string> LandmarkNames { get; }
}
