// main.ts — starts the Samsyn web UI: FKUI styles and icons, validation, router.
import "@fkui/theme-default/dist/fkui-css-variables.css";
import "@fkui/design/lib/fkui.css";
import "@fkui/design/lib/fonts.css";
import "./style.css";

import { createApp } from "vue";
import { ValidationPlugin, setRunningContext } from "@fkui/vue";
import App from "./App.vue";
import { injectIcons } from "./icons";
import { router } from "./router";
import { installValidationMessages } from "./validationMessages";
import { watchTableScrolling } from "./tableScrollHint";

injectIcons();

const app = createApp(App);
setRunningContext(app);
app.use(ValidationPlugin);
// After the plugin, which registers FKUI's own validators.
installValidationMessages();
app.use(router);
app.mount("#app");
watchTableScrolling(document.body);
