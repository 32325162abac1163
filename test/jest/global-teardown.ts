import { removeRunTempDir } from './temp-run';

export default function globalTeardown(): void {
  removeRunTempDir();
}
