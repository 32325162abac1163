import { createRunTempDir } from './temp-run';

export default function globalSetup(): void {
  createRunTempDir();
}
