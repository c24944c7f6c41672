using H3deMl.Tensors;
using H3deMl.Tensors.Kernels;
using H3deMl.Tensors.Kernels.Operators;

namespace H3deMl.Onnx.Scoring.Operators;

/// <summary>Arithmetic, math functions, activations, comparisons, logic and Where, on floats or exact integers.</summary>
internal static class ElementwiseOperators
{
    internal static void Register(OperatorRegistry r)
    {
        r.Add("Add", _ => Binary((a, b) => a + b, (a, b) => a + b));
        r.Add("Sub", _ => Binary((a, b) => a - b, (a, b) => a - b));
        r.Add("Mul", _ => Binary((a, b) => a * b, (a, b) => a * b));
        r.Add("Div", _ => Binary((a, b) => a / b, (a, b) => b == 0 ? throw new OnnxModelException("integer division by zero.") : a / b));
        r.Add("Pow", _ => Pow);
        r.Add("Max", c => Variadic(c, (a, b) => Map2(a, b, MathF.Max), Math.Max));
        r.Add("Min", c => Variadic(c, (a, b) => Map2(a, b, MathF.Min), Math.Min));
        r.Add("Sqrt", _ => Unary(x => x.Sqrt()));
        r.Add("Exp", _ => Unary(x => x.Exp()));
        r.Add("Log", _ => Unary(x => x.Log()));
        r.Add("Abs", _ => UnaryOrInteger(x => x.Abs(), Math.Abs));
        r.Add("Neg", _ => UnaryOrInteger(x => -x, v => -v));
        r.Add("Reciprocal", _ => Unary(x => 1f / x));
        r.Add("Erf", _ => Unary(x => UnaryKernel.Apply(x, new ErfOperator())));
        r.Add("Floor", _ => Unary(x => MapUnary(x, MathF.Floor)));
        r.Add("Ceil", _ => Unary(x => MapUnary(x, MathF.Ceiling)));
        r.Add("Round", _ => Unary(x => MapUnary(x, v => MathF.Round(v, MidpointRounding.ToEven))));
        r.Add("Relu", _ => Unary(Functional.Relu));
        r.Add("Sigmoid", _ => Unary(Functional.Sigmoid));
        r.Add("Tanh", _ => Unary(Functional.Tanh));
        r.Add("LeakyRelu", c =>
        {
            var alpha = c.Float("alpha", 0.01f);
            return Unary(x => Functional.LeakyRelu(x, alpha));
        });
        r.Add("Gelu", c =>
        {
            c.Choice("approximate", "none", "none");
            return Unary(Functional.Gelu);
        });
        r.Add("Clip", _ => Clip);
        r.Add("Identity", _ => (i, o) => o[0] = i[0]);
        r.Add("Dropout", c =>
        {
            c.MaxOutputs(1);
            return (i, o) => o[0] = i[0];
        });
        r.Add("Equal", _ => Compare((a, b) => a == b, (a, b) => a == b));
        r.Add("Less", _ => Compare((a, b) => a < b, (a, b) => a < b));
        r.Add("LessOrEqual", _ => Compare((a, b) => a <= b, (a, b) => a <= b));
        r.Add("Greater", _ => Compare((a, b) => a > b, (a, b) => a > b));
        r.Add("GreaterOrEqual", _ => Compare((a, b) => a >= b, (a, b) => a >= b));
        r.Add("Not", _ => (i, o) => o[0] = OnnxValue.FromBool(i[0]!.Integers.Select(v => v == 0 ? 1L : 0L).ToArray(), i[0]!.ShapeArray));
        r.Add("And", _ => Logic((a, b) => a != 0 && b != 0));
        r.Add("Or", _ => Logic((a, b) => a != 0 || b != 0));
        r.Add("Xor", _ => Logic((a, b) => (a != 0) ^ (b != 0)));
        r.Add("Where", _ => Where);
    }

    private static OnnxKernel Unary(Func<Tensor, Tensor> f) => (i, o) => o[0] = OnnxValue.FromTensor(f(i[0]!.AsFloatTensor()));

    private static OnnxKernel UnaryOrInteger(Func<Tensor, Tensor> f, Func<long, long> g) => (i, o) =>
    {
        var x = i[0]!;
        o[0] = x.IsFloat ? OnnxValue.FromTensor(f(x.Tensor)) : OnnxValue.FromIntegers(x.Kind, x.Integers.Select(g).ToArray(), x.ShapeArray);
    };

    private static OnnxKernel Binary(Func<Tensor, Tensor, Tensor> f, Func<long, long, long> g) => (i, o) =>
    {
        OnnxValue a = i[0]!, b = i[1]!;
        if (a.IsFloat || b.IsFloat)
        {
            o[0] = OnnxValue.FromTensor(f(a.AsFloatTensor(), b.AsFloatTensor()));
            return;
        }
        var r = Broadcasting.Apply(a.Integers, a.ShapeArray, b.Integers, b.ShapeArray, g, out var shape);
        o[0] = OnnxValue.FromInt64(r, shape);
    };

    private static OnnxKernel Variadic(OnnxNodeContext c, Func<Tensor, Tensor, Tensor> f, Func<long, long, long> g)
    {
        var pair = Binary(f, g);
        return (i, o) =>
        {
            var acc = i[0]!;
            for (var k = 1; k < i.Length; k++)
            {
                var tmp = new OnnxValue?[1];
                pair([acc, i[k]], tmp);
                acc = tmp[0]!;
            }
            o[0] = acc;
        };
    }

    private static void Pow(OnnxValue?[] i, OnnxValue?[] o)
    {
        var x = i[0]!.AsFloatTensor();
        var e = i[1]!;
        if (e.Length == 1)
        {
            o[0] = OnnxValue.FromTensor(x.Pow(e.AsFloatTensor().Contiguous().AsReadOnlySpan()[0]));
            return;
        }
        o[0] = OnnxValue.FromTensor(Map2(x, e.AsFloatTensor(), MathF.Pow));
    }

    private static void Clip(OnnxValue?[] i, OnnxValue?[] o)
    {
        var min = i.Length > 1 && i[1] is { } lo ? lo.AsFloatTensor().Contiguous().AsReadOnlySpan()[0] : float.NegativeInfinity;
        var max = i.Length > 2 && i[2] is { } hi ? hi.AsFloatTensor().Contiguous().AsReadOnlySpan()[0] : float.PositiveInfinity;
        o[0] = OnnxValue.FromTensor(i[0]!.AsFloatTensor().Clamp(min, max));
    }

    /// <summary>A float function of two broadcast tensors, element by element (for the rarely used operators).</summary>
    internal static Tensor Map2(Tensor a, Tensor b, Func<float, float, float> f)
    {
        var shape = Broadcasting.Shape(a.ShapeArray, b.ShapeArray);
        var ac = a.Contiguous().AsReadOnlySpan();
        var bc = b.Contiguous().AsReadOnlySpan();
        var ma = Broadcasting.SourceIndices(shape, a.ShapeArray);
        var mb = Broadcasting.SourceIndices(shape, b.ShapeArray);
        var r = new float[ma.Length];
        for (var k = 0; k < r.Length; k++) r[k] = f(ac[ma[k]], bc[mb[k]]);
        return Tensor.Wrap(r, shape);
    }

    private static Tensor MapUnary(Tensor x, Func<float, float> f)
    {
        var src = x.Contiguous().AsReadOnlySpan();
        var r = new float[src.Length];
        for (var k = 0; k < r.Length; k++) r[k] = f(src[k]);
        return Tensor.Wrap(r, x.ShapeArray);
    }

    private static OnnxKernel Compare(Func<float, float, bool> f, Func<long, long, bool> g) => (i, o) =>
    {
        OnnxValue a = i[0]!, b = i[1]!;
        var shape = Broadcasting.Shape(a.ShapeArray, b.ShapeArray);
        var ma = Broadcasting.SourceIndices(shape, a.ShapeArray);
        var mb = Broadcasting.SourceIndices(shape, b.ShapeArray);
        var r = new long[ma.Length];
        if (a.IsFloat || b.IsFloat)
        {
            var ac = a.AsFloatTensor().Contiguous().AsReadOnlySpan();
            var bc = b.AsFloatTensor().Contiguous().AsReadOnlySpan();
            for (var k = 0; k < r.Length; k++) r[k] = f(ac[ma[k]], bc[mb[k]]) ? 1 : 0;
        }
        else
        {
            for (var k = 0; k < r.Length; k++) r[k] = g(a.Integers[ma[k]], b.Integers[mb[k]]) ? 1 : 0;
        }
        o[0] = OnnxValue.FromBool(r, shape);
    };

    private static OnnxKernel Logic(Func<long, long, bool> f) => (i, o) =>
    {
        var r = Broadcasting.Apply(i[0]!.Integers, i[0]!.ShapeArray, i[1]!.Integers, i[1]!.ShapeArray, (a, b) => f(a, b) ? 1 : 0, out var shape);
        o[0] = OnnxValue.FromBool(r, shape);
    };

    private static void Where(OnnxValue?[] i, OnnxValue?[] o)
    {
        OnnxValue c = i[0]!, a = i[1]!, b = i[2]!;
        var shape = Broadcasting.Shape(Broadcasting.Shape(c.ShapeArray, a.ShapeArray), b.ShapeArray);
        var mc = Broadcasting.SourceIndices(shape, c.ShapeArray);
        var ma = Broadcasting.SourceIndices(shape, a.ShapeArray);
        var mb = Broadcasting.SourceIndices(shape, b.ShapeArray);
        var cond = c.Integers;
        if (a.IsFloat || b.IsFloat)
        {
            var ac = a.AsFloatTensor().Contiguous().AsReadOnlySpan();
            var bc = b.AsFloatTensor().Contiguous().AsReadOnlySpan();
            var r = new float[mc.Length];
            for (var k = 0; k < r.Length; k++) r[k] = cond[mc[k]] != 0 ? ac[ma[k]] : bc[mb[k]];
            o[0] = OnnxValue.FromTensor(Tensor.Wrap(r, shape));
            return;
        }
        var ri = new long[mc.Length];
        for (var k = 0; k < ri.Length; k++) ri[k] = cond[mc[k]] != 0 ? a.Integers[ma[k]] : b.Integers[mb[k]];
        o[0] = OnnxValue.FromIntegers(a.Kind, ri, shape);
    }
}
