import { AppProps, Testing } from 'cdk8s';
import { removeTempDirs, removeWhenDone } from './temp';

// Run before every test file (setupFilesAfterEnv). cdk8s's Testing.app()
// creates a temp folder for its output on every call and never removes it
// (200 folders per run here): remove them when the test file ends.
const app = Testing.app.bind(Testing);
Testing.app = (props?: AppProps) => {
  const made = app(props);
  if (props?.outdir === undefined) {
    removeWhenDone(made.outdir);
  }
  return made;
};

afterAll(removeTempDirs);
