using H3deMl.Tensors;
using H3deMl.Tensors.NN;

namespace H3deMl.Trainers.Network;

/// <summary>A placeholder module that keeps the reference's module indices (e.g. <c>mlp.1</c>) without computing anything.</summary>
internal sealed class Identity : Module<Tensor, Tensor>
{
    public override Tensor Forward(Tensor input) => input;
}
