using H3deMl.Core.Geometry;

namespace H3deMl.Core.Data;

/// <summary>One entry of a row's transform history: a step that changed the voxel grid, with the grid before and after.</summary>
/// <remarks>Every spatial transform keeps world coordinates exact (it updates the geometry instead of moving the
/// anatomy), so a continuous index in the latest grid maps to the original scan through world coordinates:
/// <c>original.WorldToIndex(latest.IndexToWorld(index))</c>. The history records the chain of grids for
/// inspection, debugging and mapping back (see <see cref="CoordinateMapping"/>).</remarks>
/// <param name="StepName">The step that changed the grid (e.g. "RandomCrop").</param>
/// <param name="Before">The grid the step received.</param>
/// <param name="After">The grid the step produced.</param>
public sealed record GeometryStep(string StepName, VolumeGeometry Before, VolumeGeometry After);
