namespace H3deMl.Tensors.Threading;

/// <summary>Work over a half-open range of partition indices; each output element must have exactly one writer.</summary>
internal interface IRangeOperation
{
    void Invoke(int start, int end);
}
