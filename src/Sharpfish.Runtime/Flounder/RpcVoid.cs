namespace Sharpfish.Runtime.Flounder;

/// <summary>The result of an RPC without <c>out</c> arguments: its response says only "done".</summary>
public readonly record struct RpcVoid;
