using H3deMl.Core.Geometry;

namespace H3deMl.Transforms.Cropping;

/// <summary>A zoom-and-crop decided for one scan: the zoom rate per axis and the crop's position in the zoomed grid.</summary>
/// <param name="ZoomRates">The effective zoom rate per axis (i, j, k), <c>ZoomedSize / size</c>; below 1 shrinks.</param>
/// <param name="ZoomedSize">The size of the whole volume after zooming.</param>
/// <param name="StartI">The index along i of the crop's first voxel in the zoomed grid (negative: padded before the volume).</param>
/// <param name="StartJ">The same along j.</param>
/// <param name="StartK">The same along k.</param>
/// <param name="CropGeometry">The output grid: <c>geometry.Resample(ZoomedSize).Crop(Start, cropSize)</c>.</param>
public sealed record ZoomCropPlan(Vector3d ZoomRates, VolumeSize ZoomedSize, int StartI, int StartJ, int StartK, VolumeGeometry CropGeometry);
