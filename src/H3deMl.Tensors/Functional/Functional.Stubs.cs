namespace H3deMl.Tensors;

public static partial class Functional
{
    /// <summary>GELU with the exact erf form: 0.5·x·(1 + erf(x/√2)).</summary>
    public static Tensor Gelu(Tensor x) => throw new NotImplementedException();

    /// <summary>Softmax along <paramref name="axis"/>.</summary>
    public static Tensor Softmax(Tensor x, int axis = -1) => throw new NotImplementedException();

    /// <summary>Log-softmax along <paramref name="axis"/> (numerically stable).</summary>
    public static Tensor LogSoftmax(Tensor x, int axis = -1) => throw new NotImplementedException();

    /// <summary>y = x·Wᵀ + b over the last axis of x; W is (out, in), b is (out) or null.</summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias = null) => throw new NotImplementedException();

    /// <summary>Batched matrix product: (…, m, k) × (…, k, n) → (…, m, n); batch axes must be equal (or one side rank 2).</summary>
    public static Tensor MatMul(Tensor a, Tensor b) => throw new NotImplementedException();

    /// <summary>3D convolution of x (N, Cin, D, H, W) with weight (Cout, Cin/groups, kD, kH, kW), as PyTorch's conv3d.</summary>
    public static Tensor Conv3d(Tensor x, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int groups = 1) =>
        Conv3d(x, weight, bias, (stride, stride, stride), (padding, padding, padding), groups);

    /// <summary>3D convolution with per-axis stride and padding (D, H, W).</summary>
    public static Tensor Conv3d(Tensor x, Tensor weight, Tensor? bias, (int D, int H, int W) stride, (int D, int H, int W) padding, int groups = 1) =>
        throw new NotImplementedException();

    /// <summary>3D average pooling over (N, C, D, H, W), as PyTorch's avg_pool3d.</summary>
    public static Tensor AvgPool3d(Tensor x, int kernel = 3, int stride = 2, int padding = 1, bool countIncludePad = true) =>
        throw new NotImplementedException();

    /// <summary>Trilinear upsampling of (N, C, D, H, W) by an integer factor with align_corners = false, as PyTorch's interpolate.</summary>
    public static Tensor UpsampleTrilinear(Tensor x, int scale = 2) => throw new NotImplementedException();

    /// <summary>Instance normalisation of (N, C, spatial…) without affine parameters: each (n, c) slice to zero mean and unit (biased) variance.</summary>
    public static Tensor InstanceNorm(Tensor x, float eps = 1e-5f) => throw new NotImplementedException();

    /// <summary>Layer normalisation over the last axis with optional affine weight and bias (both of the last axis' size).</summary>
    public static Tensor LayerNorm(Tensor x, Tensor? weight, Tensor? bias, float eps = 1e-5f) => throw new NotImplementedException();

    /// <summary>Concatenates tensors along <paramref name="axis"/>; all other axes must match.</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> tensors, int axis) => throw new NotImplementedException();

    /// <summary>Splits along <paramref name="axis"/> into pieces of the given sizes (which must add up to the axis size).</summary>
    public static Tensor[] Split(Tensor x, int axis, params int[] sizes) => throw new NotImplementedException();

    /// <summary>Constant padding: <paramref name="padding"/> holds (before, after) pairs for the LAST axes, last axis first (PyTorch's F.pad order).</summary>
    public static Tensor Pad(Tensor x, int[] padding, float value = 0f) => throw new NotImplementedException();

    /// <summary>out[…, i, …] = x[…, index[…, i, …], …] along <paramref name="axis"/> (PyTorch's gather); index has the output's shape.</summary>
    public static Tensor Gather(Tensor x, int axis, IndexTensor index) => throw new NotImplementedException();

    /// <summary>
    /// Selects rows along axis 1 per batch: x is (N, P, …), index is (N, Q, K) with values in [0, P); the result is
    /// (N, Q, K, …) with result[n, q, k] = x[n, index[n, q, k]].
    /// </summary>
    public static Tensor BatchedIndexSelect(Tensor x, IndexTensor index) => throw new NotImplementedException();

    /// <summary>The <paramref name="k"/> largest (or smallest) values along <paramref name="axis"/>, sorted, and their indices (ties: lower index first).</summary>
    public static (Tensor Values, IndexTensor Indices) TopK(Tensor x, int k, int axis = -1, bool largest = true) =>
        throw new NotImplementedException();

    /// <summary>Element-wise choice with broadcasting: a where condition ≠ 0, else b.</summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b) => throw new NotImplementedException();

    /// <summary>Smooth-L1 (Huber) loss with threshold β, as PyTorch's smooth_l1_loss.</summary>
    public static Tensor SmoothL1Loss(Tensor prediction, Tensor target, float beta = 1f, Reduction reduction = Reduction.Mean) =>
        throw new NotImplementedException();

    /// <summary>Mean squared error, as PyTorch's mse_loss.</summary>
    public static Tensor MseLoss(Tensor prediction, Tensor target, Reduction reduction = Reduction.Mean) => throw new NotImplementedException();

    /// <summary>Binary cross-entropy on logits, numerically stable: max(x,0) − x·t + log(1 + e^(−|x|)).</summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor target, Reduction reduction = Reduction.Mean) =>
        throw new NotImplementedException();
}
