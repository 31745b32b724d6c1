namespace Sharpfish.Capabilities;

/// <summary>
/// The types of capability. Which type may be retyped from which, and the sizes each allows, is
/// <see cref="RetypeTable"/> (one source of truth).
/// </summary>
public enum ObjType : byte
{
    /// <summary>An empty slot.</summary>
    Null = 0,

    /// <summary>A range of physical addresses: the root of the memory tree.</summary>
    PhysAddr,

    /// <summary>Untyped memory.</summary>
    Ram,

    /// <summary>Mappable memory.</summary>
    Frame,

    /// <summary>Mappable device memory.</summary>
    DevFrame,

    /// <summary>A root CNode of any power-of-two number of slots (64 bytes a slot).</summary>
    L1CNode,

    /// <summary>A second-level CNode of 256 slots.</summary>
    L2CNode,

    /// <summary>An x86-64 page-map level-4 table.</summary>
    VNodePml4,

    /// <summary>An x86-64 page-directory-pointer table.</summary>
    VNodePdpt,

    /// <summary>An x86-64 page directory.</summary>
    VNodePd,

    /// <summary>An x86-64 page table.</summary>
    VNodePt,

    /// <summary>A dispatcher control block.</summary>
    Dispatcher,

    /// <summary>An LMP endpoint into a dispatcher (the offset of its buffer is the endpoint's parameter).</summary>
    EndpointLmp,

    /// <summary>URPC channel memory.</summary>
    EndpointUrpc,

    /// <summary>Monitor authority: kernel-only operations (any two are copies).</summary>
    Kernel,
}
