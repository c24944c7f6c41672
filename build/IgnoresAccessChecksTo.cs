// Lets this assembly call the allow-listed ML.NET internals it is compiled against (build/MlNetInternals.targets).
// CoreCLR recognises the attribute by name; the BCL does not ship it, so each assembly declares its own copy.
// Without it the runtime ignores our [LoadableClass] attributes and the calls fail with MethodAccessException.
using System.Runtime.CompilerServices;

// Friend assemblies also see H3deMl.Core's copy of the attribute; each must use its own.
#pragma warning disable CS0436
[assembly: IgnoresAccessChecksTo("Microsoft.ML.Core")]
[assembly: IgnoresAccessChecksTo("Microsoft.ML.Data")]
#pragma warning restore CS0436

namespace System.Runtime.CompilerServices
{
    [AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
    internal sealed class IgnoresAccessChecksToAttribute : Attribute
    {
        public IgnoresAccessChecksToAttribute(string assemblyName) => AssemblyName = assemblyName;

        public string AssemblyName { get; }
    }
}
