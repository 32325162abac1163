/** Whether a process of this pid runs on this machine (one we may not signal runs too). */
export function processIsAlive(pid: number): boolean;
