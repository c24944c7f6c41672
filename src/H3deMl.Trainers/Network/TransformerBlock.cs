using H3deMl.Tensors;
using H3deMl.Tensors.NN;
using H3deMl.Tensors.NN.Layers;
using H3deMl.Tensors.Randomness;

namespace H3deMl.Trainers.Network;

/// <summary>
/// The reference's BiFormer block on NCDHW input: x += DWConv(x); then channels-last
/// x += BRA(LN₁(x)), x += MLP(LN₂(x)) with LayerNorm eps 1e-6; back to NCDHW. Module names <c>pos_embed</c>,
/// <c>norm1</c>, <c>attn</c>, <c>norm2</c>, <c>mlp.0</c>/<c>mlp.3</c>.
/// </summary>
internal sealed class TransformerBlock : Module<Tensor, Tensor>
{
    private readonly Conv3dLayer _positionEmbedding;
    private readonly LayerNormLayer _norm1;
    private readonly BiLevelRoutingAttention _attention;
    private readonly LayerNormLayer _norm2;
    private readonly Sequential _mlp;

    internal TransformerBlock(int width, H3deNetArchitecture a, int topK, RandomStream random)
    {
        var k = a.PositionEmbeddingKernel;
        _positionEmbedding = RegisterModule("pos_embed", new Conv3dLayer(width, width, k, random.Fork("pos_embed"), stride: 1, padding: k / 2, groups: width));
        _norm1 = RegisterModule("norm1", new LayerNormLayer(width, 1e-6f));
        _attention = RegisterModule("attn", new BiLevelRoutingAttention(width, a.HeadSize, topK, a.Windows, a.LepeKernel, a.UseHeadSizeScale, random.Fork("attn")));
        _norm2 = RegisterModule("norm2", new LayerNormLayer(width, 1e-6f));
        var hidden = width * a.MlpRatio;
        _mlp = RegisterModule("mlp", new Sequential(
            new LinearLayer(width, hidden, random.Fork("mlp.0")),
            new Identity(),
            new GeluLayer(),
            new LinearLayer(hidden, width, random.Fork("mlp.3"))));
    }

    internal IEnumerable<LinearLayer> LinearLayers()
    {
        yield return _attention.Qkv.Projection;
        yield return _attention.OutputProjection;
        yield return (LinearLayer)_mlp[0];
        yield return (LinearLayer)_mlp[3];
    }

    public override Tensor Forward(Tensor input)
    {
        // Intermediates are discarded as soon as they are consumed: their buffers return to the pool now, or after
        // backward when an operation saved them.
        var pos = _positionEmbedding.Forward(input);
        var x = input + pos;
        TensorScope.Discard(pos);
        var t = x.Permute(0, 2, 3, 4, 1).Contiguous();               // (N, A0, A1, A2, C)
        if (!t.SharesStorage(x)) TensorScope.Discard(x);
        t = Residual(t, _norm1, _attention);
        t = Residual(t, _norm2, _mlp);
        var output = t.Permute(0, 4, 1, 2, 3).Contiguous();
        if (!output.SharesStorage(t)) TensorScope.Discard(t);
        return output;
    }

    /// <summary>t + f(norm(t)), discarding t and the intermediates.</summary>
    private static Tensor Residual(Tensor t, LayerNormLayer norm, Module<Tensor, Tensor> f)
    {
        var normed = norm.Forward(t);
        var branch = f.Forward(normed);
        var sum = t + branch;
        TensorScope.Discard(normed);
        TensorScope.Discard(branch);
        TensorScope.Discard(t);
        return sum;
    }
}
