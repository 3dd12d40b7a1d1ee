namespace Xv6Sharp.Machine.Cpu;

/// <summary>How compiled code was left (and how a call into it from the interpreter loop ended).</summary>
internal enum CompiledExit
{
    /// <summary>The marker on the slot was stale; nothing ran.</summary>
    NotEntered,
    /// <summary>Ran; the interpreter continues at the exit pc.</summary>
    Continue,
    /// <summary>Ran; the interpreter runs the instruction at the exit pc (on the current page) before anything else.</summary>
    InterpretNext,
    /// <summary>At a checkpoint the chunk was short of the code's requirement: end the chunk and re-enter there.</summary>
    ChunkEnd,
    /// <summary>An instruction trapped; it did not retire.</summary>
    Trap,
    /// <summary>The chunk boundary decided to stop (budget used up, or an interrupt pending).</summary>
    Stop,
}
