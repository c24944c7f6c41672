using H3deMl.Core.Volumes;
using H3deMl.Tensors;
using H3deMl.Transforms.Targets;

namespace H3deMl.Trainers.Training;

/// <summary>One prepared training row: the network input and the targets of the heads being trained.</summary>
/// <param name="Volume">The crop fed to the network.</param>
/// <param name="Heatmap">The heatmap targets (L, A0, A1, A2), when the heatmap head trains.</param>
/// <param name="Anchors">The anchor targets, when the anchor head trains.</param>
internal sealed record TrainingSample(Volume Volume, Tensor? Heatmap, AnchorTargets? Anchors);
