using H3deMl.Tensors.Autograd.Nodes;
using H3deMl.Tensors.Kernels;

namespace H3deMl.Tensors;

public sealed partial class Tensor
{
    /// <summary>The sum of all elements, as a rank-0 tensor.</summary>
    public Tensor Sum() => Sum(AllAxes(), keepDim: false);

    /// <summary>The sum over one axis.</summary>
    public Tensor Sum(int axis, bool keepDim = false) => Sum([axis], keepDim);

    /// <summary>The sum over the given axes; <paramref name="keepDim"/> keeps them with size 1.</summary>
    public Tensor Sum(int[] axes, bool keepDim = false) => Reduce(axes, keepDim, mean: false);

    /// <summary>The mean of all elements, as a rank-0 tensor.</summary>
    public Tensor Mean() => Mean(AllAxes(), keepDim: false);

    /// <summary>The mean over one axis.</summary>
    public Tensor Mean(int axis, bool keepDim = false) => Mean([axis], keepDim);

    /// <summary>The mean over the given axes; <paramref name="keepDim"/> keeps them with size 1.</summary>
    public Tensor Mean(int[] axes, bool keepDim = false) => Reduce(axes, keepDim, mean: true);

    private int[] AllAxes()
    {
        var a = new int[Rank];
        for (var i = 0; i < Rank; i++) a[i] = i;
        return a;
    }

    private Tensor Reduce(int[] axes, bool keepDim, bool mean)
    {
        var kept = (int[])ShapeArray.Clone();
        long count = 1;
        var seen = new bool[Rank];
        foreach (var ax in axes)
        {
            var a = TensorShape.NormalizeAxis(ax, Rank);
            if (seen[a]) continue;
            seen[a] = true;
            count *= ShapeArray[a];
            kept[a] = 1;
        }
        var r = Reductions.Sum(this, axes, keepDim);
        var scale = mean ? 1f / Math.Max(count, 1) : 1f;
        if (mean) r = UnaryKernel.Apply(r, new Kernels.Operators.MultiplyScalarOperator(scale));
        return Record(r, new SumNode(this, kept, scale));
    }
}
