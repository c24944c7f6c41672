using H3deMl.Tensors.NN;
using H3deMl.Tensors.NN.Layers;
using H3deMl.Tensors.Randomness;

namespace H3deMl.Tensors.Tests.NN;

public sealed class ModuleTests
{
    /// <summary>A miniature of H3DE-Net's tree: downsample_layers.i.0 (conv), stages.i.j.attn.qkv, stages.i.j.norm1, own parameter last.</summary>
    private sealed class Attention : Module
    {
        public Attention(int c, RandomStream r) => Qkv = RegisterModule("qkv", new LinearLayer(c, 3 * c, r));
        public LinearLayer Qkv { get; }
    }

    private sealed class Block : Module
    {
        public Block(int c, RandomStream r)
        {
            RegisterModule("norm1", new LayerNormLayer(c, 1e-6f));
            RegisterModule("attn", new Attention(c, r));
        }
    }

    private sealed class Net : Module
    {
        public Net(RandomStream r)
        {
            var down = RegisterModule("downsample_layers", new ModuleList<Sequential>());
            var stages = RegisterModule("stages", new ModuleList<ModuleList<Block>>());
            for (var i = 0; i < 3; i++)
            {
                down.Add(new Sequential(new Conv3dLayer(i == 0 ? 1 : 2, 2, 2, r, stride: 2, useBias: i > 0)));
                stages.Add(new ModuleList<Block>(Enumerable.Range(0, i + 2).Select(_ => new Block(2, r))));
            }
            // Registered after the children, listed first (PyTorch lists a module's own parameters before its children's).
            Scale = RegisterParameter("scale", Tensor.Zeros(2));
        }

        public ModuleParameter Scale { get; }
    }

    private sealed class Probe : Module
    {
        public void AddParameter(string name, Tensor t) => RegisterParameter(name, t);
        public void AddModule(string name, Module m) => RegisterModule(name, m);
    }

    [Fact]
    public void NamedParameters_NestedContainers_DottedPathsInStateDictOrder()
    {
        var names = new Net(new RandomStream(1)).NamedParameters().Select(p => p.Name).ToList();
        Assert.Equal("scale", names[0]);
        Assert.Equal("downsample_layers.0.0.weight", names[1]);
        Assert.Equal("downsample_layers.1.0.weight", names[2]);
        Assert.Equal("downsample_layers.1.0.bias", names[3]);
        Assert.Contains("stages.2.3.attn.qkv.weight", names);
        var i = names.IndexOf("stages.0.0.norm1.weight");
        Assert.Equal(["stages.0.0.norm1.weight", "stages.0.0.norm1.bias", "stages.0.0.attn.qkv.weight", "stages.0.0.attn.qkv.bias", "stages.0.1.norm1.weight"],
            names.Skip(i).Take(5));
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(1 + 1 + 2 + 2 + (2 + 3 + 4) * 4, names.Count);
    }

    [Fact]
    public void NamedModules_Tree_ParentsBeforeChildrenWithPaths()
    {
        var paths = new Net(new RandomStream(1)).NamedModules().Select(m => m.Name).ToList();
        Assert.Equal("", paths[0]);
        Assert.Equal("downsample_layers", paths[1]);
        Assert.Equal("downsample_layers.0", paths[2]);
        Assert.Equal("downsample_layers.0.0", paths[3]);
        Assert.Contains("stages.2.3.attn.qkv", paths);
        Assert.True(paths.IndexOf("stages.1") < paths.IndexOf("stages.1.0.attn"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("taken")]
    public void Register_BadOrDuplicateName_ThrowsArgumentException(string name)
    {
        var m = new Probe();
        m.AddParameter("taken", Tensor.Zeros(1));
        var ex1 = Assert.Throws<ArgumentException>(() => m.AddParameter(name, Tensor.Zeros(1)));
        Assert.Equal("name", ex1.ParamName);
        var ex2 = Assert.Throws<ArgumentException>(() => m.AddModule(name, new GeluLayer()));
        Assert.Equal("name", ex2.ParamName);
    }

    [Fact]
    public void RegisterParameter_NonLeafOrScopedOrView_Throws()
    {
        var m = new Probe();
        var leaf = Tensor.Ones(2, 2);
        leaf.RequiresGrad = true;
        Assert.Throws<ArgumentException>(() => m.AddParameter("a", leaf * 2f));
        Assert.Throws<ArgumentException>(() => m.AddParameter("b", Tensor.Zeros(2, 3).Permute(1, 0)));
        using (new TensorScope())
        {
            var scoped = Tensor.Zeros(4096 * 2);
            var ex = Assert.Throws<ArgumentException>(() => m.AddParameter("c", scoped));
            Assert.Contains("TensorScope", ex.Message);
        }
        Assert.Throws<ArgumentException>(() => m.AddModule("self", m));
    }

    [Fact]
    public void RegisterParameter_Leaf_RequiresGradAndSameTensor()
    {
        var m = new Probe();
        var t = Tensor.Zeros(3);
        m.AddParameter("w", t);
        var p = Assert.Single(m.Parameters());
        Assert.Same(t, p.Value);
        Assert.True(t.RequiresGrad);
    }

    [Fact]
    public void TrainEval_Recursive_EveryDescendantSwitches()
    {
        var net = new Net(new RandomStream(1));
        Assert.All(net.NamedModules(), m => Assert.True(m.Module.IsTraining));
        net.Eval();
        Assert.All(net.NamedModules(), m => Assert.False(m.Module.IsTraining, m.Name));
        net.Train();
        Assert.All(net.NamedModules(), m => Assert.True(m.Module.IsTraining, m.Name));
    }

    [Fact]
    public void ZeroGrad_AfterBackward_ClearsEveryGradient()
    {
        var r = new RandomStream(4);
        var lin = new LinearLayer(3, 2, r);
        lin.Forward(Tensor.Ones(4, 3)).Sum().Backward();
        Assert.All(lin.Parameters(), p => Assert.NotNull(p.Grad));
        lin.ZeroGrad();
        Assert.All(lin.Parameters(), p => Assert.Null(p.Grad));
    }

    [Fact]
    public void ParameterCount_H3deNetCnnBranches_MatchesReferenceTable()
    {
        // H3DE-NET.md §1.3: Conv3dReLU 1→16 (bias=False) has 432 parameters, 1→32 has 864.
        var r = new RandomStream(0);
        Assert.Equal(432, new Conv3dLayer(1, 16, 3, r, padding: 1, useBias: false).ParameterCount);
        Assert.Equal(864, new Conv3dLayer(1, 32, 3, r, padding: 1, useBias: false).ParameterCount);
        Assert.Equal(64 * 125 + 64, new Conv3dLayer(64, 64, 5, r, padding: 2, groups: 64).ParameterCount);
    }

    [Fact]
    public void StateDict_Ordered_LiveTensors()
    {
        var net = new Net(new RandomStream(1));
        var sd = net.StateDict();
        Assert.Equal(net.NamedParameters().Select(p => p.Name), sd.Keys);
        Assert.Same(net.Scale.Value, sd["scale"]);
    }

    [Fact]
    public void LoadStateDict_Exact_CopiesValuesInPlace()
    {
        var a = new Net(new RandomStream(1));
        var b = new Net(new RandomStream(2));
        var before = b.Scale.Value;
        var result = b.LoadStateDict(a.StateDict());
        Assert.True(result.IsExactMatch);
        Assert.Same(before, b.Scale.Value);
        foreach (var ((na, pa), (nb, pb)) in a.NamedParameters().Zip(b.NamedParameters()))
        {
            Assert.Equal(na, nb);
            Assert.Equal(pa.Value.ToArray(), pb.Value.ToArray());
        }
    }

    [Fact]
    public void LoadStateDict_StrictWithProblems_ListsEveryKeyAndLoadsNothing()
    {
        var target = new Net(new RandomStream(1));
        var source = new Dictionary<string, Tensor>(new Net(new RandomStream(2)).StateDict());
        source.Remove("stages.2.3.attn.qkv.weight");
        source.Remove("downsample_layers.0.0.weight");
        source["extra.weight"] = Tensor.Zeros(5, 5);
        source["stages.0.0.norm1.weight"] = Tensor.Zeros(3);
        var snapshot = target.NamedParameters().Select(p => p.Parameter.Value.ToArray()).ToList();

        var ex = Assert.Throws<StateDictMismatchException>(() => target.LoadStateDict(source));
        Assert.Equal(["downsample_layers.0.0.weight", "stages.2.3.attn.qkv.weight"], ex.MissingKeys);
        Assert.Equal(["extra.weight"], ex.UnexpectedKeys);
        var mismatch = Assert.Single(ex.MismatchedShapes);
        Assert.Equal("stages.0.0.norm1.weight", mismatch.Key);
        Assert.Equal([2], mismatch.ExpectedShape);
        Assert.Equal([3], mismatch.FoundShape);
        Assert.Contains("missing: downsample_layers.0.0.weight", ex.Message);
        Assert.Contains("missing: stages.2.3.attn.qkv.weight", ex.Message);
        Assert.Contains("unexpected: extra.weight [5, 5]", ex.Message);
        Assert.Contains("stages.0.0.norm1.weight is [2] in the module but [3]", ex.Message);
        Assert.Equal(snapshot, target.NamedParameters().Select(p => p.Parameter.Value.ToArray()).ToList());
    }

    [Fact]
    public void LoadStateDict_NotStrict_ReturnsKeysAndLoadsTheRest()
    {
        var target = new Net(new RandomStream(1));
        var src = new Net(new RandomStream(2));
        var source = new Dictionary<string, Tensor>(src.StateDict());
        source.Remove("scale");
        source["extra"] = Tensor.Zeros(1);
        var result = target.LoadStateDict(source, strict: false);
        Assert.Equal(["scale"], result.MissingKeys);
        Assert.Equal(["extra"], result.UnexpectedKeys);
        Assert.False(result.IsExactMatch);
        Assert.Equal(src.StateDict()["stages.1.2.attn.qkv.weight"].ToArray(), target.StateDict()["stages.1.2.attn.qkv.weight"].ToArray());

        source["scale"] = Tensor.Zeros(7);
        var ex = Assert.Throws<StateDictMismatchException>(() => target.LoadStateDict(source, strict: false));
        Assert.Empty(ex.MissingKeys);
        Assert.Empty(ex.UnexpectedKeys);
        Assert.Equal("scale", Assert.Single(ex.MismatchedShapes).Key);
    }

    [Fact]
    public void Sequential_Forward_AppliesStepsInOrder()
    {
        var r = new RandomStream(8);
        var l1 = new LinearLayer(3, 4, r);
        var l2 = new LinearLayer(4, 2, r, useBias: false);
        var seq = new Sequential(l1, new ReluLayer(), l2);
        var x = Tensor.FromArray([1f, -2f, 0.5f, 0.25f, 3f, -1f], 2, 3);
        var expected = l2.Forward(Functional.Relu(l1.Forward(x))).ToArray();
        Assert.Equal(expected, seq.Forward(x).ToArray());
        Assert.Equal(["0.weight", "0.bias", "2.weight"], seq.NamedParameters().Select(p => p.Name));
        Assert.Equal(3, seq.Count);
    }

    [Fact]
    public void Layers_WrongInputShape_ThrowNamingShape()
    {
        var r = new RandomStream(8);
        var ex = Assert.Throws<ArgumentException>(() => new Conv3dLayer(2, 4, 3, r).Forward(Tensor.Zeros(1, 3, 4, 4, 4)));
        Assert.Contains("[1, 3, 4, 4, 4]", ex.Message);
        Assert.Throws<ArgumentException>(() => new LinearLayer(3, 4, r).Forward(Tensor.Zeros(2, 5)));
        Assert.Throws<ArgumentException>(() => new LayerNormLayer(3).Forward(Tensor.Zeros(2, 5)));
        Assert.Throws<ArgumentException>(() => new InstanceNorm3dLayer().Forward(Tensor.Zeros(2, 5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conv3dLayer(3, 4, 3, r, groups: 2));
    }

    [Fact]
    public void LinearLayer_Forward_MatchesManualProduct()
    {
        var lin = new LinearLayer(3, 2, new RandomStream(9));
        var x = Tensor.FromArray([1f, 2f, 3f], 1, 3);
        var w = lin.Weight.Value.ToArray();
        var b = lin.Bias!.Value.ToArray();
        var y = lin.Forward(x).ToArray();
        for (var o = 0; o < 2; o++)
        {
            var e = (double)b[o];
            for (var i = 0; i < 3; i++) e += (double)w[o * 3 + i] * (i + 1);
            Assert.Equal(e, y[o], 5);
        }
    }

    [Fact]
    public void LayerNormLayer_Init_OnesAndZeros()
    {
        var ln = new LayerNormLayer(4, 1e-6f);
        Assert.Equal([1f, 1f, 1f, 1f], ln.Weight!.Value.ToArray());
        Assert.Equal([0f, 0f, 0f, 0f], ln.Bias!.Value.ToArray());
        Assert.Equal(["weight", "bias"], ln.NamedParameters().Select(p => p.Name));
        Assert.Empty(new LayerNormLayer(4, useAffine: false).Parameters());
    }
}
