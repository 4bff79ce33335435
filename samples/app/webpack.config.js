// webpack build of the qf CLI (production mode, external source map with
// webpack:// sources under the "qf-cli" namespace).
// Usage: webpack --config webpack.config.js --env out=DIR
const path = require("node:path");

module.exports = (env = {}) => ({
  mode: "production",
  target: "node18",
  context: __dirname,
  entry: "./src/bin.ts",
  output: {
    path: path.resolve(env.out || path.join(__dirname, "../dist/webpack")),
    filename: "qf.js",
    devtoolNamespace: "qf-cli",
  },
  devtool: "source-map",
  resolve: {
    extensions: [".ts", ".mjs", ".js", ".json"],
  },
  module: {
    rules: [
      {
        test: /\.ts$/,
        loader: "ts-loader",
        options: {
          transpileOnly: true,
          compilerOptions: { noEmit: false, sourceMap: true },
        },
      },
    ],
  },
  performance: { hints: false },
  stats: "errors-warnings",
  infrastructureLogging: { level: "error" },
});
