/**
 * Pauses between attempts to reach a peer (shore broker, device): doubling from `minMs` up to `maxMs`, each drawn at random from its upper
 * half ("equal jitter"), so a fleet whose shore comes back does not reconnect all in the same second, and a
 * satellite link is not spent on handshakes that fail.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    const ceiling = Math.min(this.maxMs, this.minMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  reset(): void {
    this.attempt = 0;
  }
}
