/** API.md "Write result"; `created` is false when a retry found the first result. */
export interface WriteResult {
  streamId: string;
  revision: bigint;
  position: bigint;
  created: boolean;
}
