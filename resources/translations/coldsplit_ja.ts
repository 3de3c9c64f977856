<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>AccountsBar</name>
    <message>
        <location filename="../../ui/pages/trading_accounts.py" line="47"/>
        <source>Stored accounts:</source>
        <translation>保存済みの口座:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_accounts.py" line="51"/>
        <source>Add account…</source>
        <translation>口座を追加…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_accounts.py" line="53"/>
        <source>Edit…</source>
        <translation>編集…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_accounts.py" line="55"/>
        <source>Rename…</source>
        <translation>名前を変更…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_accounts.py" line="57"/>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_accounts.py" line="77"/>
        <location filename="../../ui/pages/trading_accounts.py" line="130"/>
        <location filename="../../ui/pages/trading_accounts.py" line="143"/>
        <location filename="../../ui/pages/trading_accounts.py" line="154"/>
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_accounts.py" line="122"/>
        <source>Added {0}; reading it from the exchange…</source>
        <translation>{0} を追加しました。取引所から読み込んでいます…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_accounts.py" line="126"/>
        <source>Could not add the account</source>
        <translation>口座を追加できませんでした</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_accounts.py" line="143"/>
        <source>Could not refresh</source>
        <translation>更新できませんでした</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_accounts.py" line="153"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_accounts.py" line="159"/>
        <location filename="../../ui/pages/trading_accounts.py" line="176"/>
        <location filename="../../ui/pages/trading_accounts.py" line="199"/>
        <source>Choose an account first.</source>
        <translation>先に口座を選んでください。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_accounts.py" line="170"/>
        <source>Could not save the entry</source>
        <translation>項目を保存できませんでした</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_accounts.py" line="179"/>
        <source>Rename account</source>
        <translation>口座の名前を変更</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_accounts.py" line="179"/>
        <source>New name for {0}:</source>
        <translation>{0} の新しい名前:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_accounts.py" line="188"/>
        <source>Could not rename the account</source>
        <translation>口座の名前を変更できませんでした</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_accounts.py" line="194"/>
        <source>Could not load the stored accounts</source>
        <translation>保存済みの口座を読み込めませんでした</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_accounts.py" line="203"/>
        <source>Remove account</source>
        <translation>口座を削除</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_accounts.py" line="204"/>
        <source>Remove {0}, its holdings and its API key from the keyring?</source>
        <translation>{0} とその保有資産、キーリング内の API キーを削除しますか?</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_accounts.py" line="212"/>
        <source>Could not remove the account</source>
        <translation>口座を削除できませんでした</translation>
    </message>
</context>
<context>
    <name>AddAccountDialog</name>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="35"/>
        <source>Add exchange account</source>
        <translation>取引所の口座を追加</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="40"/>
        <source>Create a READ-ONLY API key (no trading, no withdrawals): ColdSplit only reads balances, positions and margin tiers, and a read-only key cannot move funds if this computer is compromised. The key is kept only in the OS keyring.</source>
        <translation>読み取り専用の API キー(取引・出金の権限なし)を作成してください。ColdSplit は残高・ポジション・証拠金ティアを読むだけで、読み取り専用キーならこのコンピューターが侵害されても資金を動かせません。キーは OS のキーリングにだけ保存されます。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="53"/>
        <source>No OS keyring was found, so the key is kept in memory for this session only and is forgotten when ColdSplit exits.</source>
        <translation>OS のキーリングが見つからないため、キーはこのセッションの間だけメモリーに保持され、ColdSplit の終了時に消去されます。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="66"/>
        <source>Venue:</source>
        <translation>取引所:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="67"/>
        <source>Account name:</source>
        <translation>口座名:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="68"/>
        <source>API key:</source>
        <translation>API キー:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="69"/>
        <source>API secret:</source>
        <translation>API シークレット:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="70"/>
        <source>API passphrase:</source>
        <translation>API パスフレーズ:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="71"/>
        <source>Wallet address:</source>
        <translation>ウォレットアドレス:</translation>
    </message>
</context>
<context>
    <name>AdvicePage</name>
    <message>
        <location filename="../../ui/pages/advice_page.py" line="42"/>
        <source>Advice</source>
        <translation>アドバイス</translation>
    </message>
    <message>
        <location filename="../../ui/pages/advice_page.py" line="50"/>
        <source>Compute advice</source>
        <translation>アドバイスを計算</translation>
    </message>
    <message>
        <location filename="../../ui/pages/advice_page.py" line="52"/>
        <source>Load trading accounts, then compute the advice.</source>
        <translation>取引口座を読み込んでから、アドバイスを計算してください。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/advice_page.py" line="61"/>
        <source>Share on exchanges (now → after):</source>
        <translation>取引所に置いている割合（現在 → 実行後）:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/advice_page.py" line="62"/>
        <source>Survival drawdown (now → after):</source>
        <translation>耐えられる下落率（現在 → 実行後）:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/advice_page.py" line="63"/>
        <source>Margin liquidated by the stress (now → after):</source>
        <translation>ストレス時に清算される証拠金（現在 → 実行後）:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/advice_page.py" line="67"/>
        <source>Move</source>
        <translation>移動</translation>
    </message>
    <message>
        <location filename="../../ui/pages/advice_page.py" line="67"/>
        <source>From</source>
        <translation>移動元</translation>
    </message>
    <message>
        <location filename="../../ui/pages/advice_page.py" line="67"/>
        <source>Value</source>
        <translation>評価額</translation>
    </message>
    <message>
        <location filename="../../ui/pages/advice_page.py" line="67"/>
        <source>To</source>
        <translation>移動先</translation>
    </message>
    <message>
        <location filename="../../ui/pages/advice_page.py" line="67"/>
        <source>Why</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../ui/pages/advice_page.py" line="79"/>
        <source>Prepare transfer</source>
        <translation>送金を準備</translation>
    </message>
    <message>
        <location filename="../../ui/pages/advice_page.py" line="84"/>
        <source>Copy address</source>
        <translation>アドレスをコピー</translation>
    </message>
    <message>
        <location filename="../../ui/pages/advice_page.py" line="104"/>
        <source>Load trading accounts first (Trading page).</source>
        <translation>先に取引口座を読み込んでください（取引ページ）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/advice_page.py" line="107"/>
        <source>Computing the advice under {0}…</source>
        <translation>{0} の条件でアドバイスを計算中…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/advice_page.py" line="126"/>
        <source>no verified address yet</source>
        <translation>検証済みアドレスがまだありません</translation>
    </message>
    <message>
        <location filename="../../ui/pages/advice_page.py" line="145"/>
        <source>Cut: {0}</source>
        <translation>縮小: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/advice_page.py" line="148"/>
        <source>Flag: {0}</source>
        <translation>警告: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/advice_page.py" line="176"/>
        <source>Verify a cold address on the device first (Cold storage page).</source>
        <translation>先にデバイスでコールドアドレスを検証してください（コールドストレージページ）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/advice_page.py" line="180"/>
        <source>Withdraw {0} {1} from {2} to the device-verified address {3}</source>
        <translation>{2} から {0} {1} を、デバイスで検証したアドレス {3} へ出金</translation>
    </message>
</context>
<context>
    <name>AppMessages</name>
    <message>
        <location filename="../../ui/app_messages.py" line="22"/>
        <source>the {preset} replay on today&apos;s prices: BTC −{base_drawdown} plus a {buffer} safety buffer = −{btc_drawdown}, with the {preset} crowds, depegs and venue dislocations</source>
        <translation>今日の価格での {preset} の再現：BTC −{base_drawdown} に安全余裕 {buffer} を加えて −{btc_drawdown}、{preset} の参加者の偏り・デペッグ・取引所ごとの価格乖離を含む</translation>
    </message>
    <message>
        <location filename="../../ui/app_messages.py" line="27"/>
        <source>custom shock on today&apos;s prices: BTC −{base_drawdown} plus a {buffer} safety buffer = −{btc_drawdown}, with the {preset} crowds, depegs and venue dislocations</source>
        <translation>今日の価格でのカスタムショック：BTC −{base_drawdown} に安全余裕 {buffer} を加えて −{btc_drawdown}、{preset} の参加者の偏り・デペッグ・取引所ごとの価格乖離を含む</translation>
    </message>
    <message>
        <location filename="../../ui/app_messages.py" line="32"/>
        <source>Long-term {asset} in a spot wallet gains nothing from sitting on {venue} and is lost if the exchange fails or freezes withdrawals in a crash; cold storage holds it without that risk.</source>
        <translation>長期保有の {asset} を {venue} の現物ウォレットに置いても得るものはなく、暴落時に取引所が破綻したり出金を凍結したりすれば失われます。コールドストレージならそのリスクなしに保管できます。</translation>
    </message>
    <message>
        <location filename="../../ui/app_messages.py" line="37"/>
        <source>Lower the isolated margin of {label} from {isolated_margin} to {least_margin}, the least with which it survives {preset} at BTC −{btc_drawdown} and a 10% gap, and withdraw the rest.</source>
        <translation>{label} の分離証拠金を {isolated_margin} から {least_margin}（{preset}、BTC −{btc_drawdown} と 10% のギャップに耐えられる最小額）に下げ、残りを出金してください。</translation>
    </message>
    <message>
        <location filename="../../ui/app_messages.py" line="42"/>
        <source>{asset} margin falls in value exactly when the margin is needed; {account} keeps {least_margin} of collateral, the least with which every position survives {preset} at BTC −{btc_drawdown} and a 10% gap.</source>
        <translation>{asset} の証拠金は、証拠金が必要になるまさにその時に価値が下がります。{account} には担保 {least_margin} を残します。これは {preset}、BTC −{btc_drawdown} と 10% のギャップにすべてのポジションが耐えられる最小額です。</translation>
    </message>
    <message>
        <location filename="../../ui/app_messages.py" line="48"/>
        <source>{asset} is a synthetic stablecoin that can depeg on the venue&apos;s book in a crash; {account} keeps {least_margin} of collateral, the least with which every position survives {preset} at BTC −{btc_drawdown} and a 10% gap.</source>
        <translation>{asset} は合成ステーブルコインで、暴落時にその取引所の板でデペッグすることがあります。{account} には担保 {least_margin} を残します。これは {preset}、BTC −{btc_drawdown} と 10% のギャップにすべてのポジションが耐えられる最小額です。</translation>
    </message>
    <message>
        <location filename="../../ui/app_messages.py" line="54"/>
        <source>This is stable margin beyond what the positions need; {account} keeps {least_margin} of collateral, the least with which every position survives {preset} at BTC −{btc_drawdown} and a 10% gap.</source>
        <translation>これはポジションに必要な分を超えるステーブルな証拠金です。{account} には担保 {least_margin} を残します。これは {preset}、BTC −{btc_drawdown} と 10% のギャップにすべてのポジションが耐えられる最小額です。</translation>
    </message>
    <message>
        <location filename="../../ui/app_messages.py" line="60"/>
        <source>A sudden {gap} BTC gap (other assets moving by their beta, no cascade) liquidates {label}: margin that cannot survive a {gap} gap is borrowed, not conviction.</source>
        <translation>BTC が突然 {gap} ギャップすると（他の資産はベータに応じて動き、連鎖清算なし）{label} は清算されます。{gap} のギャップに耐えられない証拠金は、確信ではなく借り物です。</translation>
    </message>
    <message>
        <location filename="../../ui/app_messages.py" line="65"/>
        <source>{asset} is a synthetic dollar backed by a hedged trade, not cash; the stress prices it at {stress_price} on {venue}, so margin counted in it vanishes when needed.</source>
        <translation>{asset} は現金ではなくヘッジ取引に裏付けられた合成ドルです。ストレス下では {venue} で {stress_price} と評価されるため、これで数えた証拠金は必要な時に消えます。</translation>
    </message>
    <message>
        <location filename="../../ui/app_messages.py" line="70"/>
        <source>{asset} is a liquid-staking token priced on one venue&apos;s book; the stress reproduces its {dislocation} collapse on {venue}&apos;s own book (stress price {factor} of today&apos;s), while its underlying held elsewhere.</source>
        <translation>{asset} は一つの取引所の板で値付けされるリキッドステーキングトークンです。ストレスは {venue} 自身の板での {dislocation} の暴落を再現します（ストレス価格は今日の {factor}）。その間、原資産は他の取引所で持ちこたえました。</translation>
    </message>
    <message>
        <location filename="../../ui/app_messages.py" line="76"/>
        <source>{asset} is a liquid-staking token priced on one venue&apos;s book; {venue} values it on its own thin book (stress price {factor} of today&apos;s), while its underlying held elsewhere.</source>
        <translation>{asset} は一つの取引所の板で値付けされるリキッドステーキングトークンです。{venue} は自身の薄い板でこれを評価します（ストレス価格は今日の {factor}）。その間、原資産は他の取引所で持ちこたえました。</translation>
    </message>
    <message>
        <location filename="../../ui/app_messages.py" line="81"/>
        <source>{asset} collateral (β {beta} to BTC) backs a net long of {net_long} (β-weighted), so a fall cuts the margin and the positions at the same time.</source>
        <translation>{asset} の担保（BTC に対する β {beta}）が {net_long}（β 加重）のネットロングを支えているため、下落すると証拠金とポジションが同時に減ります。</translation>
    </message>
    <message>
        <location filename="../../ui/app_messages.py" line="86"/>
        <source>The {asset} loop (x{cycles} at LTV {ltv}) is liquidated at {liquidation_price} of its peg ({below} below); the stress prints {asset} at {lowest} on {venue}, where its equity would be {equity} of {capital}.</source>
        <translation>{asset} のループ（LTV {ltv} で x{cycles}）はペッグの {liquidation_price}（{below} 下）で清算されます。ストレスでは {venue} で {asset} が {lowest} を付け、その時の自己資本は {capital} のうち {equity} になります。</translation>
    </message>
    <message>
        <location filename="../../ui/app_messages.py" line="92"/>
        <source>{label} — reduce by {reduce_by} {asset} ({share})</source>
        <translation>{label} — {reduce_by} {asset} 減らす（{share}）</translation>
    </message>
</context>
<context>
    <name>CoinsBox</name>
    <message>
        <location filename="../../ui/pages/cold_coins.py" line="47"/>
        <source>Coins (watch-only wallet)</source>
        <translation>コイン（監視専用ウォレット）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_coins.py" line="60"/>
        <source>No cold account yet.</source>
        <translation>コールド口座はまだありません。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_coins.py" line="61"/>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_coins.py" line="63"/>
        <source>Receive demo coins</source>
        <translation>デモ用コインを受け取る</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_coins.py" line="66"/>
        <source>Sync with the chain</source>
        <translation>チェーンと同期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_coins.py" line="79"/>
        <source>Coin</source>
        <translation>コイン</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_coins.py" line="79"/>
        <source>Address</source>
        <translation>アドレス</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_coins.py" line="79"/>
        <source>Amount (BTC)</source>
        <translation>金額（BTC）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_coins.py" line="83"/>
        <source>Transaction</source>
        <translation>トランザクション</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_coins.py" line="83"/>
        <source>Net (BTC)</source>
        <translation>増減（BTC）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_coins.py" line="83"/>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_coins.py" line="94"/>
        <source>send to (address)</source>
        <translation>送金先（アドレス）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_coins.py" line="96"/>
        <source>amount in BTC</source>
        <translation>金額（BTC）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_coins.py" line="101"/>
        <source>Prepare send (PSBT)</source>
        <translation>送金を準備（PSBT）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_coins.py" line="115"/>
        <source>Create a cold account first.</source>
        <translation>先にコールド口座を作成してください。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_coins.py" line="133"/>
        <source>Syncing…</source>
        <translation>同期中…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_coins.py" line="147"/>
        <source>{0}: {1} BTC spendable, {2} BTC pending</source>
        <translation>{0}: 利用可能 {1} BTC、未承認 {2} BTC</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_coins.py" line="151"/>
        <source>confirmed</source>
        <translation>承認済み</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_coins.py" line="151"/>
        <source>unconfirmed</source>
        <translation>未承認</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_coins.py" line="167"/>
        <source>The amount must be a number of BTC, e.g. 0.01</source>
        <translation>金額は BTC の数値で入力してください（例: 0.01）</translation>
    </message>
</context>
<context>
    <name>ColdStoragePage</name>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="60"/>
        <source>Cold storage</source>
        <translation>コールドストレージ</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="75"/>
        <source>Device</source>
        <translation>デバイス</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="77"/>
        <source>Connect device</source>
        <translation>デバイスに接続</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="81"/>
        <source>Device to use</source>
        <translation>使用するデバイス</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="83"/>
        <source>Not connected.</source>
        <translation>未接続です。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="85"/>
        <source>Look for devices again</source>
        <translation>デバイスを再検索</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="95"/>
        <source>Cold accounts</source>
        <translation>コールド口座</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="99"/>
        <source>New account name</source>
        <translation>新しい口座名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="100"/>
        <source>Create cold account from the device</source>
        <translation>デバイスからコールド口座を作成</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="102"/>
        <source>Name:</source>
        <translation>名前:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="108"/>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="108"/>
        <source>Type</source>
        <translation>種類</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="108"/>
        <source>Fingerprint</source>
        <translation>フィンガープリント</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="108"/>
        <source>Next address</source>
        <translation>次のアドレス</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="116"/>
        <source>Receive (verified on the device)</source>
        <translation>受取（デバイスで検証済み）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="119"/>
        <source>Verify next address on device</source>
        <translation>次のアドレスをデバイスで検証</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="124"/>
        <source>Address</source>
        <translation>アドレス</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="124"/>
        <source>Path</source>
        <translation>パス</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="124"/>
        <source>Verified</source>
        <translation>検証日時</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="129"/>
        <source>Copy address</source>
        <translation>アドレスをコピー</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="142"/>
        <source>No device service is available.</source>
        <translation>デバイスサービスを利用できません。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="165"/>
        <source>Looking for devices…</source>
        <translation>デバイスを探しています…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="190"/>
        <source>Several devices are connected: choose one, then press Connect device.</source>
        <translation>複数のデバイスが接続されています。1台を選んでから「デバイスに接続」を押してください。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="203"/>
        <source>{0} “{1}” — {2}</source>
        <translation>{0}「{1}」— {2}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="204"/>
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="207"/>
        <source>Connecting…</source>
        <translation>接続中…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="221"/>
        <source>{0} {1} “{2}”, firmware {3}</source>
        <translation>{0} {1}「{2}」、ファームウェア {3}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/cold_page.py" line="248"/>
        <source>Create a cold account first.</source>
        <translation>先にコールド口座を作成してください。</translation>
    </message>
</context>
<context>
    <name>ConfirmOverlay</name>
    <message>
        <location filename="../../ui/dialogs/confirm_overlay.py" line="21"/>
        <source>Confirm on your device</source>
        <translation>デバイスで確認してください</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/confirm_overlay.py" line="26"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
</context>
<context>
    <name>DemoBanner</name>
    <message>
        <location filename="../../ui/widgets.py" line="21"/>
        <source>DEMO — software device on testnet and a sample portfolio; nothing is sent anywhere</source>
        <translation>DEMO（デモ）— テストネット上のソフトウェアデバイスとサンプルのポートフォリオです。外部には何も送信されません</translation>
    </message>
</context>
<context>
    <name>DeviceErrors</name>
    <message>
        <location filename="../../ui/errors.py" line="18"/>
        <source>No hardware wallet is connected.</source>
        <translation>ハードウェアウォレットが接続されていません。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="19"/>
        <source>The device is locked; unlock it with its PIN first.</source>
        <translation>デバイスがロックされています。先に PIN でロックを解除してください。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="22"/>
        <source>Wrong PIN; try again (the device waits longer after each attempt).</source>
        <translation>PIN が違います。もう一度お試しください（試行のたびにデバイスの待ち時間が長くなります）。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="25"/>
        <source>The action was cancelled.</source>
        <translation>操作はキャンセルされました。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="26"/>
        <source>This device or firmware does not support that action.</source>
        <translation>このデバイスまたはファームウェアはその操作に対応していません。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="29"/>
        <source>The device is busy with another application or request.</source>
        <translation>デバイスは別のアプリケーションまたは要求の処理中です。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="32"/>
        <source>The device was disconnected or stopped answering.</source>
        <translation>デバイスが切断されたか、応答しなくなりました。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="35"/>
        <source>The device stopped answering.</source>
        <translation>デバイスが応答しなくなりました。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="36"/>
        <source>This passphrase opens a different wallet than the account&apos;s.</source>
        <translation>このパスフレーズでは、口座とは別のウォレットが開きます。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="39"/>
        <source>The device has no seed yet; set it up first.</source>
        <translation>デバイスにシードがまだありません。先に初期設定をしてください。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="42"/>
        <source>The request is not valid for a hardware wallet.</source>
        <translation>ハードウェアウォレットに対して無効な要求です。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="45"/>
        <source>The device answered something unexpected.</source>
        <translation>デバイスから予期しない応答がありました。</translation>
    </message>
</context>
<context>
    <name>EditEntryDialog</name>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="120"/>
        <source>Edit account {0}</source>
        <translation>口座 {0} を編集</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="124"/>
        <source>Add or change one balance, loan or position; an entry with the same asset and wallet (or symbol and side) is replaced. Leave unused fields empty.</source>
        <translation>残高・借入・ポジションを 1 件追加または変更します。同じ資産とウォレット(またはシンボルと売買方向)の項目は置き換えられます。使わない欄は空のままにしてください。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="133"/>
        <source>balance</source>
        <translation>残高</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="134"/>
        <source>loan</source>
        <translation>借入</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="135"/>
        <source>position</source>
        <translation>ポジション</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="138"/>
        <source>Kind:</source>
        <translation>種類:</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../ui/widgets.py" line="50"/>
        <source>ColdSplit — error</source>
        <translation>ColdSplit — エラー</translation>
    </message>
</context>
<context>
    <name>ImportCsvDialog</name>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="16"/>
        <source>Import holdings CSV</source>
        <translation>保有資産 CSV を取り込む</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="18"/>
        <source>File:</source>
        <translation>ファイル:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="23"/>
        <source>Account name:</source>
        <translation>口座名:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="24"/>
        <source>Venue:</source>
        <translation>取引所:</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="51"/>
        <source>ColdSplit — DEMO</source>
        <translation>ColdSplit — DEMO</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="51"/>
        <source>ColdSplit</source>
        <translation>ColdSplit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="58"/>
        <source>Pages</source>
        <translation>ページ</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="99"/>
        <source>Overview</source>
        <translation>概要</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="100"/>
        <source>Trading</source>
        <translation>取引</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="101"/>
        <source>Cold storage</source>
        <translation>コールドストレージ</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="102"/>
        <source>Risk</source>
        <translation>リスク</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="103"/>
        <source>Advice</source>
        <translation>アドバイス</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="104"/>
        <source>PSBT</source>
        <translation>PSBT</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="105"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="137"/>
        <source>Software device</source>
        <translation>ソフトウェアデバイス</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <location filename="../../ui/pages/overview_page.py" line="23"/>
        <source>Overview</source>
        <translation>概要</translation>
    </message>
    <message>
        <location filename="../../ui/pages/overview_page.py" line="28"/>
        <source>No advice yet: load trading accounts and compute it.</source>
        <translation>アドバイスはまだありません。取引口座を読み込んで計算してください。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/overview_page.py" line="30"/>
        <source>Total:</source>
        <translation>合計:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/overview_page.py" line="31"/>
        <source>On exchanges / in cold storage:</source>
        <translation>取引所 / コールドストレージ:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/overview_page.py" line="32"/>
        <source>Survives a BTC drawdown of:</source>
        <translation>耐えられる BTC の下落率:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/overview_page.py" line="33"/>
        <source>Top advice:</source>
        <translation>最優先のアドバイス:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/overview_page.py" line="35"/>
        <source>Trading vs cold (USD)</source>
        <translation>取引所とコールドの比較（USD）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/overview_page.py" line="37"/>
        <source>exchanges</source>
        <translation>取引所</translation>
    </message>
    <message>
        <location filename="../../ui/pages/overview_page.py" line="37"/>
        <source>cold storage</source>
        <translation>コールドストレージ</translation>
    </message>
    <message>
        <location filename="../../ui/pages/overview_page.py" line="54"/>
        <source>nothing liquidated up to the largest drawdown tested</source>
        <translation>検証した最大の下落率まで清算はありません</translation>
    </message>
    <message>
        <location filename="../../ui/pages/overview_page.py" line="56"/>
        <source>{0} (without the cascade: {1})</source>
        <translation>{0}（連鎖清算なしでは {1}）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/overview_page.py" line="68"/>
        <source>Move {0} {1} from {2} to cold storage: {3}</source>
        <translation>{2} から {0} {1} をコールドストレージへ移動: {3}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/overview_page.py" line="75"/>
        <source>Nothing needs to move under this stress.</source>
        <translation>このストレス条件では移動は不要です。</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../../ui/dialogs/passphrase_dialog.py" line="21"/>
        <source>Passphrase</source>
        <translation>パスフレーズ</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/passphrase_dialog.py" line="24"/>
        <source>A passphrase opens a different wallet. An empty passphrase opens the standard one.</source>
        <translation>パスフレーズごとに別のウォレットが開きます。空のパスフレーズでは標準のウォレットが開きます。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/passphrase_dialog.py" line="34"/>
        <source>Passphrase:</source>
        <translation>パスフレーズ:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/passphrase_dialog.py" line="35"/>
        <source>Again:</source>
        <translation>もう一度:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/passphrase_dialog.py" line="37"/>
        <source>Type it on the device instead</source>
        <translation>デバイス上で入力する</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/passphrase_dialog.py" line="41"/>
        <source>The two entries differ.</source>
        <translation>2 つの入力が一致しません。</translation>
    </message>
</context>
<context>
    <name>PinMatrixDialog</name>
    <message>
        <location filename="../../ui/dialogs/pin_dialog.py" line="32"/>
        <source>Enter PIN</source>
        <translation>PIN を入力</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pin_dialog.py" line="35"/>
        <source>Enter the PIN: click the positions of its digits as the device shows them.</source>
        <translation>PIN を入力: デバイスに表示された数字の位置をクリックしてください。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pin_dialog.py" line="36"/>
        <source>Choose a new PIN: click the positions of its digits as the device shows them.</source>
        <translation>新しい PIN を決めてください: デバイスに表示された数字の位置をクリックしてください。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pin_dialog.py" line="37"/>
        <source>Enter the new PIN again.</source>
        <translation>新しい PIN をもう一度入力してください。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pin_dialog.py" line="38"/>
        <source>Enter the wipe code.</source>
        <translation>ワイプコードを入力してください。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pin_dialog.py" line="42"/>
        <source>(attempt {0})</source>
        <translation>（{0} 回目）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pin_dialog.py" line="50"/>
        <source>PIN entered so far</source>
        <translation>入力済みの PIN</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pin_dialog.py" line="58"/>
        <source>position {0}</source>
        <translation>位置 {0}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/pin_dialog.py" line="63"/>
        <source>Delete last</source>
        <translation>1 文字削除</translation>
    </message>
</context>
<context>
    <name>PsbtPage</name>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="51"/>
        <source>PSBT</source>
        <translation>PSBT</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="67"/>
        <source>Open file…</source>
        <translation>ファイルを開く…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="71"/>
        <source>Paste a PSBT (base64 or hex) here, or drop a file on this page</source>
        <translation>PSBT（base64 または hex）をここに貼り付けるか、ファイルをこのページにドロップしてください</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="74"/>
        <source>Load pasted</source>
        <translation>貼り付けを読み込む</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="82"/>
        <source>Build a spend from the demo coins</source>
        <translation>デモ用コインから送金を作成</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="85"/>
        <source>pay to (testnet address)</source>
        <translation>送金先（テストネットのアドレス）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="87"/>
        <source>Amount in BTC</source>
        <translation>金額（BTC）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="91"/>
        <source>Number of demo coins to spend</source>
        <translation>使うデモ用コインの数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="92"/>
        <source>Build PSBT</source>
        <translation>PSBT を作成</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="95"/>
        <source>BTC:</source>
        <translation>BTC:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="97"/>
        <source>coins:</source>
        <translation>コイン数:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="103"/>
        <source>No PSBT loaded.</source>
        <translation>PSBT が読み込まれていません。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="109"/>
        <source>Side</source>
        <translation>区分</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="110"/>
        <source>Address</source>
        <translation>アドレス</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="111"/>
        <source>Amount (BTC)</source>
        <translation>金額（BTC）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="112"/>
        <source>Ownership</source>
        <translation>所有</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="113"/>
        <source>Detail</source>
        <translation>詳細</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="117"/>
        <source>PSBT review</source>
        <translation>PSBT の確認</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="125"/>
        <source>Sign on device</source>
        <translation>デバイスで署名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="127"/>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="129"/>
        <source>Copy base64</source>
        <translation>base64 をコピー</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="131"/>
        <source>Finalize</source>
        <translation>ファイナライズ</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="133"/>
        <source>Broadcast</source>
        <translation>ブロードキャスト</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="152"/>
        <source>The final transaction appears here after Finalize.</source>
        <translation>ファイナライズ後、完成したトランザクションがここに表示されます。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="160"/>
        <source>PSBT tools are not available.</source>
        <translation>PSBT ツールを利用できません。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="179"/>
        <source>Open PSBT</source>
        <translation>PSBT を開く</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="179"/>
        <source>PSBT (*.psbt);;All files (*)</source>
        <translation>PSBT (*.psbt);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="204"/>
        <source>The amount must be a number of BTC, e.g. 0.01</source>
        <translation>金額は BTC の数値で入力してください（例: 0.01）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="222"/>
        <source>input</source>
        <translation>入力</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="222"/>
        <source>output</source>
        <translation>出力</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="224"/>
        <source>ours</source>
        <translation>自分のもの</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="225"/>
        <source>not ours</source>
        <translation>他人のもの</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="226"/>
        <source>change</source>
        <translation>おつり</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="227"/>
        <source>receive</source>
        <translation>受取</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="228"/>
        <source>external</source>
        <translation>外部</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="229"/>
        <source>signed</source>
        <translation>署名済み</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="230"/>
        <source>final</source>
        <translation>確定</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="245"/>
        <source>txid {0} on {1}; fee {2} BTC ({3} sat/vB); {4} of {5} inputs signed</source>
        <translation>txid {0}（{1}）、手数料 {2} BTC（{3} sat/vB）、入力 {5} 件中 {4} 件署名済み</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="259"/>
        <source>Too large for one QR code: save it to a file.</source>
        <translation>1 つの QR コードには大きすぎます。ファイルに保存してください。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="313"/>
        <source>Sent: transaction {0} was handed to the chain backend.</source>
        <translation>送信しました: トランザクション {0} をチェーンのバックエンドに渡しました。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="323"/>
        <source>Save PSBT</source>
        <translation>PSBT を保存</translation>
    </message>
    <message>
        <location filename="../../ui/pages/psbt_page.py" line="325"/>
        <source>Binary PSBT (*.psbt);;Base64 text (*.txt)</source>
        <translation>バイナリ PSBT (*.psbt);;Base64 テキスト (*.txt)</translation>
    </message>
</context>
<context>
    <name>RiskPage</name>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="61"/>
        <source>Risk</source>
        <translation>リスク</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="79"/>
        <source>Crash preset:</source>
        <translation>暴落プリセット:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="82"/>
        <source>Crash preset</source>
        <translation>暴落プリセット</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="85"/>
        <source>BTC drawdown:</source>
        <translation>BTC の下落率:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="89"/>
        <source>BTC drawdown</source>
        <translation>BTC の下落率</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="102"/>
        <source>Survives a BTC drawdown of (with / without cascade):</source>
        <translation>耐えられる BTC の下落率（連鎖あり / なし）:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="103"/>
        <source>Cascade amplification:</source>
        <translation>連鎖による増幅:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="104"/>
        <source>At the slider:</source>
        <translation>スライダーの位置では:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="110"/>
        <source>Curve up to:</source>
        <translation>曲線の範囲:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="115"/>
        <source>Largest BTC drawdown on the curve</source>
        <translation>曲線に含める最大の BTC 下落率</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="119"/>
        <source>Advice stress: custom BTC drawdown</source>
        <translation>アドバイスのストレス: BTC 下落率を指定</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="128"/>
        <source>safety buffer:</source>
        <translation>安全マージン:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="158"/>
        <source>Liquidated share of exchange margin</source>
        <translation>取引所証拠金のうち清算される割合</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="159"/>
        <location filename="../../ui/pages/risk_page.py" line="169"/>
        <source>BTC drawdown (%)</source>
        <translation>BTC の下落率（%）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="162"/>
        <location filename="../../ui/pages/risk_page.py" line="172"/>
        <source>with cascade</source>
        <translation>連鎖清算あり</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="164"/>
        <location filename="../../ui/pages/risk_page.py" line="174"/>
        <source>without cascade</source>
        <translation>連鎖清算なし</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="168"/>
        <source>Settled BTC price</source>
        <translation>落ち着いた BTC 価格</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="178"/>
        <source>Crowd liquidation ladder (longs / shorts)</source>
        <translation>市場参加者の清算価格分布（ロング / ショート）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="179"/>
        <source>BTC price (USD)</source>
        <translation>BTC 価格（USD）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="183"/>
        <source>longs</source>
        <translation>ロング</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="183"/>
        <source>shorts</source>
        <translation>ショート</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="189"/>
        <source>Signal</source>
        <translation>シグナル</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="189"/>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="189"/>
        <source>Reading</source>
        <translation>読み取り</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="192"/>
        <source>Fragility signals</source>
        <translation>市場の脆弱性シグナル</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="195"/>
        <source>Positions liquidated at the slider</source>
        <translation>スライダーの位置で清算されるポジション</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="202"/>
        <source>Positions liquidated at the slider:</source>
        <translation>スライダーの位置で清算されるポジション:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="224"/>
        <source>computing…</source>
        <translation>計算中…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="249"/>
        <source>{0}× sooner</source>
        <translation>{0} 倍早く</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="264"/>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="264"/>
        <source>ok</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="264"/>
        <source>unknown</source>
        <translation>不明</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="291"/>
        <source>{0} of exchange margin liquidated ({1} without the cascade); BTC settles at ${2}</source>
        <translation>取引所証拠金の {0} が清算（連鎖なしでは {1}）。BTC は ${2} で落ち着きます</translation>
    </message>
    <message>
        <location filename="../../ui/pages/risk_page.py" line="299"/>
        <source>nothing is liquidated</source>
        <translation>清算されるものはありません</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="28"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="37"/>
        <source>electrum: ssl://host:50002 or esplora: https://host/api</source>
        <translation>electrum: ssl://host:50002 または esplora: https://host/api</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="40"/>
        <location filename="../../ui/pages/settings_page.py" line="44"/>
        <source>Follow the system</source>
        <translation>システムに従う</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="45"/>
        <source>Light</source>
        <translation>ライト</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="46"/>
        <source>Dark</source>
        <translation>ダーク</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="50"/>
        <source>Demo (software device, testnet, sample data)</source>
        <translation>デモ（ソフトウェアデバイス、テストネット、サンプルデータ）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="51"/>
        <source>Live (your devices and accounts)</source>
        <translation>本番（ご自身のデバイスと口座）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="52"/>
        <source>Network:</source>
        <translation>ネットワーク:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="53"/>
        <source>Chain backend:</source>
        <translation>チェーンのバックエンド:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="54"/>
        <source>Language:</source>
        <translation>言語:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="55"/>
        <source>Theme:</source>
        <translation>テーマ:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="56"/>
        <source>Mode:</source>
        <translation>モード:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="57"/>
        <source>Data folder:</source>
        <translation>データフォルダー:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="59"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="62"/>
        <source>Language, network and mode take effect at the next start.</source>
        <translation>言語、ネットワーク、モードは次回の起動時に反映されます。</translation>
    </message>
</context>
<context>
    <name>SoftwareDevicePanel</name>
    <message>
        <location filename="../../ui/software_device.py" line="27"/>
        <source>Software device (demo, testnet)</source>
        <translation>ソフトウェアデバイス（デモ、テストネット）</translation>
    </message>
    <message>
        <location filename="../../ui/software_device.py" line="30"/>
        <location filename="../../ui/software_device.py" line="69"/>
        <source>Idle</source>
        <translation>待機中</translation>
    </message>
    <message>
        <location filename="../../ui/software_device.py" line="41"/>
        <source>Reject</source>
        <translation>拒否</translation>
    </message>
    <message>
        <location filename="../../ui/software_device.py" line="42"/>
        <source>Approve</source>
        <translation>承認</translation>
    </message>
    <message>
        <location filename="../../ui/software_device.py" line="70"/>
        <source>Nothing to confirm.</source>
        <translation>確認するものはありません。</translation>
    </message>
</context>
<context>
    <name>TradingPage</name>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="49"/>
        <source>Trading</source>
        <translation>取引</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="72"/>
        <source>Load the sample trading accounts</source>
        <translation>サンプルの取引口座を読み込む</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="74"/>
        <source>Open holdings file…</source>
        <translation>保有資産ファイルを開く…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="76"/>
        <source>Import exchange CSV…</source>
        <translation>取引所の CSV を取り込む…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="79"/>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="89"/>
        <location filename="../../ui/pages/trading_page.py" line="166"/>
        <source>No trading accounts loaded.</source>
        <translation>取引口座が読み込まれていません。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="91"/>
        <source>Accounts and balances</source>
        <translation>口座と残高</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="94"/>
        <source>Where</source>
        <translation>場所</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="94"/>
        <location filename="../../ui/pages/trading_page.py" line="102"/>
        <source>Account</source>
        <translation>口座</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="94"/>
        <source>Value</source>
        <translation>評価額</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="98"/>
        <source>Positions</source>
        <translation>ポジション</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="103"/>
        <source>Asset</source>
        <translation>資産</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="104"/>
        <source>Side</source>
        <translation>区分</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="105"/>
        <source>Size</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="106"/>
        <source>Entry</source>
        <translation>建値</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="107"/>
        <source>Margin</source>
        <translation>証拠金</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="116"/>
        <location filename="../../ui/pages/trading_page.py" line="143"/>
        <source>Holdings are not available.</source>
        <translation>保有資産を利用できません。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="125"/>
        <source>Open holdings</source>
        <translation>保有資産を開く</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="125"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="131"/>
        <source>Import holdings CSV</source>
        <translation>保有資産 CSV を取り込む</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="131"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="152"/>
        <source>Reading the exchange accounts…</source>
        <translation>取引所の口座を読み込んでいます…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="181"/>
        <source>{0}: {1} on exchanges, {2} in cold storage ({3} of the total {4} on exchanges)</source>
        <translation>{0}: 取引所に {1}、コールドストレージに {2}（合計 {4} のうち {3} が取引所）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="189"/>
        <source>exchange</source>
        <translation>取引所</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="189"/>
        <source>cold storage</source>
        <translation>コールドストレージ</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="192"/>
        <source>long</source>
        <translation>ロング</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="192"/>
        <source>short</source>
        <translation>ショート</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="193"/>
        <source>cross</source>
        <translation>クロス</translation>
    </message>
    <message>
        <location filename="../../ui/pages/trading_page.py" line="193"/>
        <source>isolated</source>
        <translation>分離</translation>
    </message>
</context>
</TS>
