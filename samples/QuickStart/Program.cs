// Placeholder main job: later issues grow this into the full QuickStart sample (phantoms → train → evaluate → predict).
using H3deMl.Tensors;

var x = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
Console.WriteLine($"H3deMl QuickStart (placeholder). Engine threads: {ComputeSettings.Threads}. Tensor: {x}");
