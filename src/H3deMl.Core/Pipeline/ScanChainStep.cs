namespace H3deMl.Core.Pipeline;

/// <summary>A fitted step of a <see cref="ScanTransformerChain{TLast}"/> with the phases it runs in.</summary>
/// <param name="Transformer">The fitted step.</param>
/// <param name="Scope">When it runs.</param>
public sealed record ScanChainStep(IScanTransformer Transformer, StepScope Scope);
