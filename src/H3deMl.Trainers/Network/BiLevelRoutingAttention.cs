using H3deMl.Tensors;
using H3deMl.Tensors.Autograd;
using H3deMl.Tensors.NN;
using H3deMl.Tensors.NN.Layers;
using H3deMl.Tensors.Randomness;

namespace H3deMl.Trainers.Network;

/// <summary>
/// Volumetric bi-level routing attention (H3DE-NET.md §2) on channels-last input (N, A0, A1, A2, C): window-level
/// routing by mean query/key affinity (detached, top-k), token attention over the routed windows' tokens per head,
/// plus a depthwise LePE convolution of the values, then the output projection. Axes that do not divide into the
/// window grid are zero-padded at the end and cropped back (DECISIONS.md §2; the reference's axis-permuted padding
/// is not reproduced).
/// </summary>
internal sealed class BiLevelRoutingAttention : Module<Tensor, Tensor>
{
    private readonly QkvLinear _qkv;
    private readonly LinearLayer _wo;
    private readonly Conv3dLayer _lepe;
    private readonly int _width;
    private readonly int _heads;
    private readonly int _topK;
    private readonly (int A0, int A1, int A2) _windows;
    private readonly float _scale;

    internal BiLevelRoutingAttention(int width, int headSize, int topK, (int A0, int A1, int A2) windows, int lepeKernel, bool useHeadSizeScale, RandomStream random)
    {
        _width = width;
        _heads = width / headSize;
        _topK = topK;
        _windows = windows;
        // The reference scales by the full q/k width (BiFormer's quirk); DECISIONS.md §3.
        _scale = 1f / MathF.Sqrt(useHeadSizeScale ? headSize : width);
        _qkv = RegisterModule("qkv", new QkvLinear(width, width, random.Fork("qkv")));
        _wo = RegisterModule("wo", new LinearLayer(width, width, random.Fork("wo")));
        _lepe = RegisterModule("lepe", new Conv3dLayer(width, width, lepeKernel, random.Fork("lepe"), stride: 1, padding: lepeKernel / 2, groups: width));
    }

    internal QkvLinear Qkv => _qkv;
    internal LinearLayer OutputProjection => _wo;

    public override Tensor Forward(Tensor input)
    {
        int n = input.Size(0), a0 = input.Size(1), a1 = input.Size(2), a2 = input.Size(3), c = _width;
        int p0 = PadTo(a0, _windows.A0), p1 = PadTo(a1, _windows.A1), p2 = PadTo(a2, _windows.A2);
        var x = p0 == a0 && p1 == a1 && p2 == a2 ? input : Functional.Pad(input, [0, 0, 0, p2 - a2, 0, p1 - a1, 0, p0 - a0]);
        var part = new WindowPartition(n, p0, p1, p2, _windows.A0, _windows.A1, _windows.A2);
        int windows = part.WindowCount, tokens = part.TokensPerWindow, headSize = c / _heads;

        // Every intermediate is discarded once consumed (TensorScope.Discard): its buffer is reused right away, or
        // after backward when an operation saved it. Views are discarded only together with their last user.
        var qkv = _qkv.Forward(x);                                       // (N, P0, P1, P2, 3C)
        if (!ReferenceEquals(x, input)) TensorScope.Discard(x);
        var qkvWin = part.Partition(qkv);                                // (N, P, T, 3C)
        var parts = Functional.Split(qkvWin, -1, c, 2 * c);
        var q = parts[0];                                                // (N, P, T, C)
        var kv = parts[1].Contiguous();                                  // (N, P, T, 2C)

        var routes = Route(q, kv, n, windows, c);                        // (N, P, k)
        var gathered = Functional.BatchedIndexSelect(kv.Reshape(n, windows, tokens * 2 * c), routes)
            .Reshape(n, windows, _topK * tokens, 2 * c);                 // (N, P, kT, 2C)
        Discard(kv, gathered);
        var kvParts = Functional.Split(gathered, -1, c, c);

        // Heads are channel-major (channel = head·size + i).
        var qh = Heads(q.Reshape(n * windows, tokens, _heads, headSize), [0, 2, 1, 3], n * windows * _heads, tokens, headSize);
        Discard(qkvWin, qkv, qh);
        var kh = Heads(kvParts[0].Reshape(n * windows, _topK * tokens, _heads, headSize), [0, 2, 1, 3], n * windows * _heads, _topK * tokens, headSize);
        var vh = Heads(kvParts[1].Reshape(n * windows, _topK * tokens, _heads, headSize), [0, 2, 1, 3], n * windows * _heads, _topK * tokens, headSize);
        Discard(gathered, kh, vh);
        // softmax(scale·q·kᵀ)·v per (window, head), without holding the probabilities of all windows at once.
        var outHeads = Functional.Attention(qh, kh, vh, _scale);         // (NPh, T, size)
        TensorScope.Discard(qh);
        TensorScope.Discard(kh);
        TensorScope.Discard(vh);
        var outWin = Heads(outHeads.Reshape(n * windows, _heads, tokens, headSize), [0, 2, 1, 3], n, windows, tokens, c);
        Discard(outHeads, outWin);
        var merged = part.Merge(outWin);                                 // (N, P0, P1, P2, C)
        Discard(outWin, merged);

        // LePE on the values of the whole (padded) volume, crossing window borders.
        var v = Functional.Split(qkv, -1, 2 * c, c)[1].Permute(0, 4, 1, 2, 3).Contiguous();  // (N, C, P0, P1, P2)
        TensorScope.Discard(qkv);
        var lepe = _lepe.Forward(v);
        TensorScope.Discard(v);
        var sum = merged + lepe.Permute(0, 2, 3, 4, 1);
        TensorScope.Discard(merged);
        TensorScope.Discard(lepe);
        var output = _wo.Forward(sum);
        TensorScope.Discard(sum);
        if (p0 != a0) output = output.Slice(1, 0, a0);
        if (p1 != a1) output = output.Slice(2, 0, a1);
        if (p2 != a2) output = output.Slice(3, 0, a2);
        return output;
    }

    /// <summary>A permuted copy of <paramref name="x"/> reshaped to <paramref name="shape"/>, discarding the unpermuted x.</summary>
    private static Tensor Heads(Tensor x, int[] axes, params int[] shape)
    {
        var r = x.Permute(axes).Reshape(shape);
        if (!r.SharesStorage(x)) TensorScope.Discard(x);
        return r;
    }

    /// <summary>Discards <paramref name="dead"/> unless it shares its buffer with one of <paramref name="live"/>.</summary>
    private static void Discard(Tensor dead, params Tensor[] live)
    {
        foreach (var l in live)
            if (l.SharesStorage(dead)) return;
        TensorScope.Discard(dead);
    }

    /// <summary>Top-k window routing from mean queries and keys per window; detached, so no gradient flows through it.</summary>
    private IndexTensor Route(Tensor q, Tensor kv, int n, int windows, int c)
    {
        using var noGrad = GradMode.NoGrad();
        var qWin = q.Mean(2);                                            // (N, P, C)
        var kWin = kv.Slice(-1, 0, c).Mean(2);                           // (N, P, C)
        var logits = Functional.MatMul(qWin * _scale, kWin.Transpose(1, 2)); // (N, P, P)
        return Functional.TopK(logits, _topK, -1).Indices;
    }

    private static int PadTo(int size, int windows) => (size + windows - 1) / windows * windows;
}
