using H3deMl.Tensors.Autograd.Nodes;
using H3deMl.Tensors.Kernels;
using H3deMl.Tensors.Kernels.Operators;

namespace H3deMl.Tensors;

public sealed partial class Tensor
{
    /// <summary>Element-wise sum with broadcasting.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Record(BinaryKernel.Apply<AddOperator>(a, b), new AddNode(a, b));

    /// <summary>Element-wise difference with broadcasting.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Record(BinaryKernel.Apply<SubtractOperator>(a, b), new SubtractNode(a, b));

    /// <summary>Element-wise product with broadcasting.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Record(BinaryKernel.Apply<MultiplyOperator>(a, b), new MultiplyNode(a, b));

    /// <summary>Element-wise quotient with broadcasting.</summary>
    public static Tensor operator /(Tensor a, Tensor b)
    {
        var r = BinaryKernel.Apply<DivideOperator>(a, b);
        return Record(r, new DivideNode(a, b, r));
    }

    /// <summary>Adds a scalar to every element.</summary>
    public static Tensor operator +(Tensor a, float b) => Record(UnaryKernel.Apply(a, new AddScalarOperator(b)), new IdentityNode(a));

    /// <summary>Adds a scalar to every element.</summary>
    public static Tensor operator +(float a, Tensor b) => b + a;

    /// <summary>Subtracts a scalar from every element.</summary>
    public static Tensor operator -(Tensor a, float b) => a + (-b);

    /// <summary>Subtracts every element from a scalar.</summary>
    public static Tensor operator -(float a, Tensor b) => -b + a;

    /// <summary>Multiplies every element by a scalar.</summary>
    public static Tensor operator *(Tensor a, float b) => Record(UnaryKernel.Apply(a, new MultiplyScalarOperator(b)), new ScaleNode(a, b));

    /// <summary>Multiplies every element by a scalar.</summary>
    public static Tensor operator *(float a, Tensor b) => b * a;

    /// <summary>Divides every element by a scalar.</summary>
    public static Tensor operator /(Tensor a, float b) => a * (1f / b);

    /// <summary>Divides a scalar by every element.</summary>
    public static Tensor operator /(float a, Tensor b)
    {
        var r = UnaryKernel.Apply(b, new ReciprocalScaleOperator(a));
        return Record(r, new ReciprocalScaleNode(b, r));
    }

    /// <summary>Element-wise negation.</summary>
    public static Tensor operator -(Tensor a) => Record(UnaryKernel.Apply(a, new NegateOperator()), new NegateNode(a));

    /// <summary>Element-wise sum with broadcasting.</summary>
    public Tensor Add(Tensor other) => this + other;

    /// <summary>Element-wise difference with broadcasting.</summary>
    public Tensor Sub(Tensor other) => this - other;

    /// <summary>Element-wise product with broadcasting.</summary>
    public Tensor Mul(Tensor other) => this * other;

    /// <summary>Element-wise quotient with broadcasting.</summary>
    public Tensor Div(Tensor other) => this / other;

    /// <summary>eˣ element-wise.</summary>
    public Tensor Exp()
    {
        var r = UnaryKernel.Apply(this, new ExpOperator());
        return Record(r, new ExpNode(this, r));
    }

    /// <summary>Natural logarithm element-wise.</summary>
    public Tensor Log() => Record(UnaryKernel.Apply(this, new LogOperator()), new LogNode(this));

    /// <summary>Square root element-wise.</summary>
    public Tensor Sqrt()
    {
        var r = UnaryKernel.Apply(this, new SqrtOperator());
        return Record(r, new SqrtNode(this, r));
    }

    /// <summary>xᵖ element-wise for a scalar exponent.</summary>
    public Tensor Pow(float exponent) => Record(UnaryKernel.Apply(this, new PowOperator(exponent)), new PowNode(this, exponent));

    /// <summary>x² element-wise.</summary>
    public Tensor Square() => Pow(2f);

    /// <summary>|x| element-wise (gradient 0 at 0).</summary>
    public Tensor Abs() => Record(UnaryKernel.Apply(this, new AbsOperator()), new AbsNode(this));

    /// <summary>Limits every element to [<paramref name="min"/>, <paramref name="max"/>]; the gradient passes where min ≤ x ≤ max.</summary>
    /// <param name="min">Lower bound; <see cref="float.NegativeInfinity"/> for none.</param>
    /// <param name="max">Upper bound; <see cref="float.PositiveInfinity"/> for none.</param>
    public Tensor Clamp(float min = float.NegativeInfinity, float max = float.PositiveInfinity) =>
        Record(UnaryKernel.Apply(this, new ClampOperator(min, max)), new ClampNode(this, min, max));
}
