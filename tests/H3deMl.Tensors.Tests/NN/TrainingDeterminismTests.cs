using H3deMl.Tensors.NN;
using H3deMl.Tensors.NN.Init;
using H3deMl.Tensors.NN.Layers;
using H3deMl.Tensors.Optim;
using H3deMl.Tensors.Optim.Schedules;
using H3deMl.Tensors.Randomness;

namespace H3deMl.Tensors.Tests.NN;

public sealed class TrainingDeterminismTests
{
    private sealed class TinyNet : Module<Tensor, Tensor>
    {
        private readonly Sequential _body;
        private readonly LinearLayer _head;

        public TinyNet(RandomStream random)
        {
            _body = RegisterModule("body", new Sequential(
                new Conv3dLayer(1, 4, 3, random.Fork("conv0"), padding: 1, useBias: false),
                new InstanceNorm3dLayer(),
                new LeakyReluLayer(),
                new AvgPool3dLayer(),
                new Conv3dLayer(4, 4, 3, random.Fork("dw"), padding: 1, groups: 4),
                new UpsampleTrilinearLayer()));
            _head = RegisterModule("head", new LinearLayer(4, 2, random.Fork("head")));
            var pos = ParameterTensors.Create(4);
            Initializers.TruncatedNormal(pos, random.Fork("pos"), std: 0.02);
            Position = RegisterParameter("pos", pos);
        }

        public ModuleParameter Position { get; }

        public override Tensor Forward(Tensor input)
        {
            var x = _body.Forward(input).Permute(0, 2, 3, 4, 1); // channels last
            return _head.Forward(Functional.Gelu(x + Position.Value));
        }
    }

    private static int[] Train(ulong seed)
    {
        var root = new RandomStream(seed);
        var net = new TinyNet(root.Fork("init"));
        var data = root.Fork("data");
        var opt = new Adam(net.Parameters(), new AdamOptions { Beta2 = 0.98, WeightDecay = 5e-4 });
        var schedule = new ExponentialLr(opt);
        for (var step = 0; step < 4; step++)
        {
            using (new TensorScope())
            {
                var x = Tensor.Zeros(1, 1, 6, 4, 8);
                Initializers.Normal(x, data);
                var target = Tensor.Zeros(1, 6, 4, 8, 2);
                Initializers.Uniform(target, data, -1, 1);
                var loss = Functional.MseLoss(net.Forward(x), target);
                opt.ZeroGrad();
                loss.Backward();
                GradientClipping.ClipByNorm(net.Parameters(), 1.0);
                opt.Step();
            }
            schedule.Step();
        }
        return net.Parameters().SelectMany(p => p.Value.ToArray()).Select(BitConverter.SingleToInt32Bits).ToArray();
    }

    [Fact]
    public void Training_SameSeed_BitIdenticalWeights()
    {
        var a = Train(123);
        var b = Train(123);
        Assert.Equal(a, b);
        Assert.NotEqual(a, Train(124));
    }
}
